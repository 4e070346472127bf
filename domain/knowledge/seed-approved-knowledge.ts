import type { Executor } from "../../db/client";
import { knowledgeEntries } from "../../db/schema";
import { chatLanguages } from "../../db/schema/enums";
import { APPROVED_KNOWLEDGE, KNOWLEDGE_TOPICS } from "./approved-content";

/**
 * Adds the approved entries the table lacks, at every start: a new topic gets its approved text,
 * while an entry an admin has edited is never overwritten. Safe for instances starting together.
 */
export async function seedApprovedKnowledge(db: Executor, now: Date): Promise<void> {
  const rows = KNOWLEDGE_TOPICS.flatMap((intent) =>
    chatLanguages.map((language) => ({ intent, language, ...APPROVED_KNOWLEDGE[intent][language], updatedAt: now, updatedBy: null })),
  );
  await db.insert(knowledgeEntries).values(rows).onConflictDoNothing();
}
