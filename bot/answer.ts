import { APPROVED, type Knowledge } from "./knowledge";
import { IntentClassifier, type Scored } from "./nlu/classifier";
import { type Intent, UNANSWERED } from "./nlu/intents";
import { detectLanguage, type Language } from "../domain/conversations/language";
import { TRAINING } from "./nlu/training";

/** Below this a message shares almost nothing with any intent: it is out of scope. */
export const OUT_OF_SCOPE_BELOW = 0.2;
/** Below this the bot says it is not sure rather than risk a wrong answer. */
export const CONFIDENT_FROM = 0.3;

export interface Suggestion {
  intent: Intent;
  title: string;
}

/**
 * answer: the intent's approved answer. unsure: below the confidence threshold. agent_only: a
 * bank question the knowledge base has no approved answer for. out_of_scope: not the bank's business.
 */
export type AnswerKind = "answer" | "unsure" | "agent_only" | "out_of_scope";

export interface BotAnswer {
  language: Language;
  /** The closest intent (fallback when out of scope). */
  intent: Intent;
  confidence: number;
  kind: AnswerKind;
  reply: string;
  /** Closest topics when the bot has no answer of its own, for suggestion buttons. */
  suggestions: Suggestion[];
  /** The reply offers a human agent. */
  offersHuman: boolean;
}

// Not topics a customer would pick from a list.
const NOT_SUGGESTED = new Set<string>(["greeting", "goodbye", "fallback", "human_agent", UNANSWERED]);

let classifier: IntentClassifier | undefined;

function model(): IntentClassifier {
  classifier ??= new IntentClassifier(TRAINING);
  return classifier;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function closestTopics(ranked: Scored[], language: Language, knowledge: Knowledge): Suggestion[] {
  return ranked
    .filter((s) => !NOT_SUGGESTED.has(s.intent))
    .slice(0, 3)
    .map((s) => ({ intent: s.intent as Intent, title: knowledge[s.intent as Intent][language].title }));
}

/** The bot's answer to one message, anonymous context: only the approved knowledge base speaks. */
export function answer(text: string, knowledge: Knowledge): BotAnswer {
  const language = detectLanguage(text);
  const ranked = model().rank(text, language);
  const top = ranked[0];
  const confidence = round(top?.score ?? 0);

  if (!top || top.intent === "fallback" || confidence < OUT_OF_SCOPE_BELOW) {
    return { language, intent: "fallback", confidence, kind: "out_of_scope", reply: knowledge.fallback[language].answer, suggestions: [], offersHuman: true };
  }
  const suggestions = closestTopics(ranked, language, knowledge);
  const closest = ranked.find((s) => s.intent !== UNANSWERED)!.intent as Intent;
  if (top.intent === UNANSWERED) {
    return { language, intent: closest, confidence, kind: "agent_only", reply: knowledge.agent_only[language].answer, suggestions, offersHuman: true };
  }
  if (confidence < CONFIDENT_FROM) {
    return { language, intent: closest, confidence, kind: "unsure", reply: knowledge.unsure[language].answer, suggestions, offersHuman: true };
  }
  return {
    language,
    intent: closest,
    confidence,
    kind: "answer",
    reply: knowledge[closest][language].answer,
    suggestions: [],
    offersHuman: closest === "human_agent",
  };
}

/** Loads jieba's dictionary and builds the model (a few hundred ms), so the first customer does not wait. */
export function warmUp(): void {
  answer("你好", APPROVED);
  answer("hello", APPROVED);
}
