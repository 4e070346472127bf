import { eq } from "drizzle-orm";
import { cannedReplies } from "../../db/schema";
import { isUuid } from "../attachments/attachment-access";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { CannedReplyInput } from "./canned-reply-schemas";
import { cannedReplyNotFound } from "./get-canned-reply";

export async function updateCannedReply(ctx: DomainContext, input: { actorId: string; id: string } & CannedReplyInput): Promise<void> {
  const { actorId, id, ...texts } = input;
  await ctx.db.transaction(async (tx) => {
    const updated = isUuid(id)
      ? await tx.update(cannedReplies).set({ ...texts, updatedAt: ctx.now() }).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id })
      : [];
    if (updated.length === 0) throw cannedReplyNotFound(id);
    await recordAudit(tx, { actorId, action: "canned_reply.updated", objectType: "canned_reply", objectId: id, after: { title: texts.title } });
  });
}
