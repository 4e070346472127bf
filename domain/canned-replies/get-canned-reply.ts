import { eq } from "drizzle-orm";
import { cannedReplies, type CannedReply } from "../../db/schema";
import { isUuid } from "../attachments/attachment-access";
import type { DomainContext } from "../context";
import { AppError } from "../errors";

export function cannedReplyNotFound(id: string): AppError {
  return new AppError("NOT_FOUND", { message: `no canned reply ${id}`, userMessage: "canned.not_found" });
}

export async function getCannedReply(ctx: DomainContext, id: string): Promise<CannedReply> {
  const [reply] = isUuid(id) ? await ctx.db.select().from(cannedReplies).where(eq(cannedReplies.id, id)) : [];
  if (!reply) throw cannedReplyNotFound(id);
  return reply;
}
