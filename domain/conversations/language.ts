import type { chatLanguages } from "../../db/schema/enums";

/** The languages the chat speaks (zh-CN and en on screens). */
export type Language = (typeof chatLanguages)[number];

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;
// Acceptance numbers (TL…) and URLs are Latin whatever language the customer writes in.
const NEUTRAL = /TL\d{14}|https?:\/\/\S+|\/[a-z]+/gi;

/** The language of a message: Chinese as soon as Han characters carry a fair share of it. */
export function detectLanguage(text: string): Language {
  const stripped = text.replace(NEUTRAL, " ");
  const han = stripped.match(HAN)?.length ?? 0;
  if (han === 0) return "en";
  const latin = stripped.match(LATIN)?.length ?? 0;
  // A Han character carries about as much as an English word of ~4 letters.
  return han * 4 >= latin ? "zh" : "en";
}
