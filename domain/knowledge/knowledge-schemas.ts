import { z } from "zod";

export const KNOWLEDGE_TITLE_MAX = 60;
export const KNOWLEDGE_ANSWER_MAX = 2000;

const title = z.string({ error: "error.required" }).trim().min(1, "error.required").max(KNOWLEDGE_TITLE_MAX, "knowledge.title_too_long");
const answer = z.string({ error: "error.required" }).trim().min(1, "error.required").max(KNOWLEDGE_ANSWER_MAX, "knowledge.answer_too_long");

/** One topic's approved texts in both languages, as an admin edits them together. */
export const KnowledgeEntrySchema = z.object({ zhTitle: title, zhAnswer: answer, enTitle: title, enAnswer: answer });
