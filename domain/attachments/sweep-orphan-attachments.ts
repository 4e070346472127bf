import { inArray } from "drizzle-orm";
import { complaintAttachments, requestAttachments } from "../../db/schema";
import type { DomainContext } from "../context";

/** Longer than any transaction that stores files can take: younger files may still get their row. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const BATCH = 500;

/**
 * Deletes stored files that no attachment row (of a request or a complaint) points to and that are older than the grace
 * period: what a rolled-back upload left behind, and writes a crash interrupted. Run it daily;
 * it reads the store's listing once and the table in batches.
 */
export async function sweepOrphanAttachments(ctx: DomainContext): Promise<{ deleted: number }> {
  const cutoff = new Date(ctx.now().getTime() - ORPHAN_GRACE_MS);
  let deleted = 0;
  let batch: string[] = [];

  async function sweepBatch() {
    if (batch.length === 0) return;
    const keys = batch;
    batch = [];
    // Requests' files and complaints' files share the store.
    const rows = await ctx.db
      .select({ storageKey: requestAttachments.storageKey })
      .from(requestAttachments)
      .where(inArray(requestAttachments.storageKey, keys))
      .union(ctx.db.select({ storageKey: complaintAttachments.storageKey }).from(complaintAttachments).where(inArray(complaintAttachments.storageKey, keys)));
    const referenced = new Set(rows.map((r) => r.storageKey));
    for (const key of keys) {
      if (referenced.has(key)) continue;
      await ctx.attachments.delete(key);
      deleted += 1;
    }
  }

  for await (const file of ctx.attachments.list()) {
    if (file.storedAt >= cutoff) continue;
    batch.push(file.storageKey);
    if (batch.length >= BATCH) await sweepBatch();
  }
  await sweepBatch();
  deleted += await ctx.attachments.removeIncomplete(cutoff);
  return { deleted };
}
