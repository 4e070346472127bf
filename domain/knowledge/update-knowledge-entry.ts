import type { z } from "zod";
import { knowledgeEntries } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { requireKnowledgeTopic } from "./get-knowledge-entry";
import type { KnowledgeEntrySchema } from "./knowledge-schemas";

/** Saves an admin's texts for one topic in both languages; the bot answers with them at once. */
export async function updateKnowledgeEntry(
  ctx: DomainContext,
  input: { actorId: string; intent: string } & z.output<typeof KnowledgeEntrySchema>,
): Promise<void> {
  const intent = requireKnowledgeTopic(input.intent);
  const updatedAt = ctx.now();
  const texts = [
    { language: "zh" as const, title: input.zhTitle, answer: input.zhAnswer },
    { language: "en" as const, title: input.enTitle, answer: input.enAnswer },
  ];
  await ctx.db.transaction(async (tx) => {
    for (const { language, title, answer } of texts) {
      const set = { title, answer, updatedAt, updatedBy: input.actorId };
      await tx
        .insert(knowledgeEntries)
        .values({ intent, language, ...set })
        .onConflictDoUpdate({ target: [knowledgeEntries.intent, knowledgeEntries.language], set });
    }
    await recordAudit(tx, { actorId: input.actorId, action: "knowledge.updated", objectType: "knowledge_entry", objectId: intent });
  });
  await ctx.knowledge.reload();
}
