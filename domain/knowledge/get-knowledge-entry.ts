import { eq } from "drizzle-orm";
import { knowledgeEntries } from "../../db/schema";
import type { DomainContext } from "../context";
import type { Language } from "../conversations/language";
import { AppError } from "../errors";
import { APPROVED_KNOWLEDGE, isKnowledgeTopic, type KnowledgeText, type KnowledgeTopic } from "./approved-content";

export function requireKnowledgeTopic(intent: string): KnowledgeTopic {
  if (!isKnowledgeTopic(intent)) throw new AppError("NOT_FOUND", { message: `no knowledge topic ${intent}`, userMessage: "knowledge.not_found" });
  return intent;
}

/** One topic's texts in both languages, as stored (not the possibly older copy in memory). */
export async function getKnowledgeEntry(ctx: DomainContext, intent: string): Promise<{ intent: KnowledgeTopic } & Record<Language, KnowledgeText>> {
  const topic = requireKnowledgeTopic(intent);
  const rows = await ctx.db.select().from(knowledgeEntries).where(eq(knowledgeEntries.intent, topic));
  const entry = { intent: topic, ...structuredClone(APPROVED_KNOWLEDGE[topic]) };
  for (const row of rows) entry[row.language] = { title: row.title, answer: row.answer };
  return entry;
}
