import type { Executor } from "../../db/client";
import { knowledgeEntries } from "../../db/schema";
import { APPROVED_KNOWLEDGE, isKnowledgeTopic, type Knowledge } from "./approved-content";

/**
 * The knowledge base held in memory, so the bot answers without a database read per message.
 * An admin's edit reloads it in that process; other instances reload it periodically.
 */
export interface LiveKnowledge {
  current(): Knowledge;
  reload(): Promise<void>;
}

async function readKnowledge(db: Executor): Promise<Knowledge> {
  const rows = await db.select().from(knowledgeEntries);
  // A topic missing from the table (added since the last seeding) keeps its approved text.
  const knowledge: Knowledge = structuredClone(APPROVED_KNOWLEDGE);
  for (const row of rows) {
    if (isKnowledgeTopic(row.intent)) knowledge[row.intent][row.language] = { title: row.title, answer: row.answer };
  }
  return knowledge;
}

export async function loadLiveKnowledge(db: Executor): Promise<LiveKnowledge> {
  let current = await readKnowledge(db);
  return {
    current: () => current,
    async reload() {
      current = await readKnowledge(db);
    },
  };
}
