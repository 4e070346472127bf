import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { dictionaryText } from "./dictionary";
import { type Language } from "../../domain/conversations/language";

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(dictionaryText(), "utf8"));
  }
  return jieba;
}

/** Chinese words as jieba cuts them (no HMM: unknown words stay as characters, deterministic). */
export function segment(text: string): string[] {
  return segmenter()
    .cut(text, false)
    .map((w) => w.trim())
    .filter((w) => w.length > 0 && /[\p{L}\p{N}]/u.test(w));
}

// Function words stay in the bigrams ("how long", "where is"), just not as features of their own.
const EN_STOP = new Set([
  "a", "an", "the", "i", "me", "my", "to", "of", "is", "it", "be", "do", "doe", "can", "could", "would", "will",
  "you", "your", "please", "and", "or", "in", "on", "for", "at", "what", "this", "that", "there", "am", "are",
  "how", "where", "when", "who", "which", "why", "should", "i'd", "i'm", "have", "has", "with", "about", "so",
  "get", "need", "want", "like", "any", "some", "from", "by", "was", "were", "been", "we", "us", "our",
]);

// Words customers use for the same thing, folded into one feature.
const EN_SYNONYMS: Record<string, string> = {
  complaint: "complain", mortgage: "loan", borrow: "loan", lend: "loan", credit: "loan",
  hello: "hi", hey: "hi", hiya: "hi", howdy: "hi", greeting: "hi",
  thank: "thanks", thx: "thanks", cheer: "thanks",
  person: "human", someone: "human", representative: "human", operator: "human", live: "human",
  hour: "hours", time: "hours", open: "open", close: "hours",
  login: "login", signin: "login", password: "password", passcode: "password", pin: "password",
  "2fa": "two_factor", otp: "two_factor", mfa: "two_factor",
  "e-mail": "email", mail: "email", mobile: "phone", cellphone: "phone",
  held: "hold", pending: "hold", stuck: "hold", block: "hold", stop: "hold",
  app: "application", applicat: "application",
};

const EN_PHRASES: [RegExp, string][] = [
  [/\b(log|sign)[ -]?(in|on)\b/g, "login"],
  [/\btwo[- ]?(factor|step)\b/g, "two_factor"],
  [/\b24\s*\/\s*7\b/g, "24_7"],
];

// A light suffix stripper: enough to meet "transfers"/"transferred"/"transfer" in one feature.
function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      return base.length > 3 && base.at(-1) === base.at(-2) ? base.slice(0, -1) : base;
    }
  }
  return word;
}

const ACCEPTANCE_NUMBER = /TL\d{14}/gi;

/**
 * Features of a message for the classifier. Chinese: jieba words plus character bigrams, so a
 * phrase jieba cuts differently still meets its training examples. English: stemmed words
 * plus word bigrams. An acceptance number becomes one feature whatever its digits.
 */
export function features(text: string, language: Language): string[] {
  const out: string[] = [];
  const normalized = text.normalize("NFKC").replace(ACCEPTANCE_NUMBER, () => {
    out.push("#acceptance_number");
    return " ";
  });
  if (language === "zh") {
    for (const word of segment(normalized)) out.push(/^[a-z]+$/i.test(word) ? stem(word.toLowerCase()) : word);
    for (const run of normalized.match(/\p{Script=Han}+/gu) ?? []) {
      // Single characters too: short messages (谢啦, 早) are often one word jieba does not know.
      for (let i = 0; i < run.length; i++) out.push(`'${run[i]}`);
      for (let i = 0; i + 1 < run.length; i++) out.push(`~${run.slice(i, i + 2)}`);
    }
    return out;
  }
  let lowered = normalized.toLowerCase();
  for (const [pattern, replacement] of EN_PHRASES) lowered = lowered.replace(pattern, replacement);
  const words = (lowered.match(/[a-z0-9_]+(?:'[a-z]+)?/g) ?? [])
    .map((w) => (w === "i'd" || w === "i'm" ? w : w.replace(/'[a-z]+$/, "")))
    .map((w) => {
      const s = stem(w);
      return EN_SYNONYMS[w] ?? EN_SYNONYMS[s] ?? s;
    });
  const content = words.filter((w) => !EN_STOP.has(w));
  out.push(...content);
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]}_${words[i + 1]}`);
  return out;
}
