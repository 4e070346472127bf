import { KNOWLEDGE, SYSTEM_REPLIES } from "./knowledge";
import { IntentClassifier } from "./nlu/classifier";
import { type Intent } from "./nlu/intents";
import { detectLanguage, type Language } from "./nlu/language";
import { TRAINING } from "./nlu/training";

/** Below this a message shares almost nothing with any intent: it is out of scope. */
export const OUT_OF_SCOPE_BELOW = 0.2;
/** Below this the bot says it is not sure rather than risk a wrong answer. */
export const CONFIDENT_FROM = 0.3;

export interface Suggestion {
  intent: Intent;
  title: string;
}

export interface BotAnswer {
  language: Language;
  intent: Intent;
  confidence: number;
  reply: string;
  /** Closest topics when the bot is unsure, for suggestion buttons. */
  suggestions: Suggestion[];
  /** The reply offers a human agent. */
  offersHuman: boolean;
  /** The reply is the "not sure" message, not the intent's answer. */
  unsure: boolean;
}

// Not topics a customer would pick from a list.
const NOT_SUGGESTED = new Set<Intent>(["greeting", "goodbye", "fallback", "human_agent"]);

let classifier: IntentClassifier | undefined;

function model(): IntentClassifier {
  classifier ??= new IntentClassifier(TRAINING);
  return classifier;
}

/** Loads jieba's dictionary and builds the model (a few hundred ms), so the first customer does not wait. */
export function warmUp(): void {
  answer("你好");
  answer("hello");
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The bot's answer to one message, anonymous context: only the approved knowledge base speaks. */
export function answer(text: string): BotAnswer {
  const language = detectLanguage(text);
  const ranked = model().rank(text, language);
  const top = ranked[0];
  const confidence = round(top?.score ?? 0);

  if (!top || top.intent === "fallback" || confidence < OUT_OF_SCOPE_BELOW) {
    return { language, intent: "fallback", confidence, reply: SYSTEM_REPLIES.outOfScope[language], suggestions: [], offersHuman: true, unsure: false };
  }
  if (confidence < CONFIDENT_FROM) {
    const suggestions = ranked
      .filter((s) => !NOT_SUGGESTED.has(s.intent))
      .slice(0, 3)
      .map((s) => ({ intent: s.intent, title: KNOWLEDGE[s.intent][language].title }));
    return { language, intent: top.intent, confidence, reply: SYSTEM_REPLIES.unsure[language], suggestions, offersHuman: true, unsure: true };
  }
  return {
    language,
    intent: top.intent,
    confidence,
    reply: KNOWLEDGE[top.intent][language].answer,
    suggestions: [],
    offersHuman: top.intent === "human_agent",
    unsure: false,
  };
}
