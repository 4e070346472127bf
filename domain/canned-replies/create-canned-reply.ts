import { cannedReplies } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { CannedReplyInput } from "./canned-reply-schemas";

export async function createCannedReply(ctx: DomainContext, input: { actorId: string } & CannedReplyInput): Promise<{ id: string }> {
  const { actorId, ...texts } = input;
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(cannedReplies).values({ ...texts, updatedAt: ctx.now() }).returning({ id: cannedReplies.id });
    await recordAudit(tx, { actorId, action: "canned_reply.created", objectType: "canned_reply", objectId: created!.id, after: { title: texts.title } });
    return created!;
  });
}
