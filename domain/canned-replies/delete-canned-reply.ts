import { eq } from "drizzle-orm";
import { cannedReplies } from "../../db/schema";
import { isUuid } from "../attachments/attachment-access";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { cannedReplyNotFound } from "./get-canned-reply";

export async function deleteCannedReply(ctx: DomainContext, input: { actorId: string; id: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [deleted] = isUuid(input.id) ? await tx.delete(cannedReplies).where(eq(cannedReplies.id, input.id)).returning() : [];
    if (!deleted) throw cannedReplyNotFound(input.id);
    await recordAudit(tx, { actorId: input.actorId, action: "canned_reply.deleted", objectType: "canned_reply", objectId: input.id, before: { title: deleted.title } });
  });
}
