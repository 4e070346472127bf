import { eq } from "drizzle-orm";
import { knowledgeEntries, users } from "../../db/schema";
import type { DomainContext } from "../context";
import type { Language } from "../conversations/language";
import { APPROVED_KNOWLEDGE, KNOWLEDGE_TOPICS, type KnowledgeTopic } from "./approved-content";

export interface KnowledgeSummary {
  intent: KnowledgeTopic;
  titles: Record<Language, string>;
  /** The later of the two languages' last changes, and who made it (null: the approved seed). */
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** Every topic of the knowledge base, in the bot's order, with both titles and the last change. */
export async function findKnowledgeEntries(ctx: DomainContext): Promise<KnowledgeSummary[]> {
  const rows = await ctx.db
    .select({
      intent: knowledgeEntries.intent,
      language: knowledgeEntries.language,
      title: knowledgeEntries.title,
      updatedAt: knowledgeEntries.updatedAt,
      updatedBy: users.name,
    })
    .from(knowledgeEntries)
    .leftJoin(users, eq(users.id, knowledgeEntries.updatedBy));
  return KNOWLEDGE_TOPICS.map((intent) => {
    const summary: KnowledgeSummary = {
      intent,
      titles: { zh: APPROVED_KNOWLEDGE[intent].zh.title, en: APPROVED_KNOWLEDGE[intent].en.title },
      updatedAt: null,
      updatedBy: null,
    };
    for (const row of rows.filter((r) => r.intent === intent)) {
      summary.titles[row.language] = row.title;
      if (!summary.updatedAt || row.updatedAt > summary.updatedAt) {
        summary.updatedAt = row.updatedAt;
        summary.updatedBy = row.updatedBy;
      }
    }
    return summary;
  });
}
