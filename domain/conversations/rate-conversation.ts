import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { conversations, surveyAnswers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { invalidChatState } from "./conversation-lifecycle";
import { conversationNotFound, ownedBy, type ChatParticipant } from "./participants";

export const MAX_RATING_COMMENT_CHARS = 1000;

export const RateChatSchema = z.object({
  conversationId: z.uuid(),
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(MAX_RATING_COMMENT_CHARS).optional(),
});

/**
 * The customer rates a closed chat, once (a unique index per subject settles a race). The audit
 * entry records the agent who had the chat when it closed; the comment is encrypted like the
 * chat itself.
 */
export async function rateConversation(
  ctx: DomainContext,
  input: { participant: ChatParticipant; conversationId: string; rating: number; comment?: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ status: conversations.status, agentId: conversations.agentId })
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), ownedBy(input.participant)));
    if (!conversation) throw conversationNotFound();
    if (conversation.status !== "closed") throw invalidChatState("only a closed chat can be rated");
    const comment = input.comment ? input.comment : null;
    const [answer] = await tx
      .insert(surveyAnswers)
      .values({
        subjectType: "chat",
        subjectId: input.conversationId,
        customerId: input.participant.kind === "customer" ? input.participant.userId : null,
        rating: input.rating,
        commentEnc: comment ? ctx.cipher.encrypt(comment) : null,
        createdAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning({ id: surveyAnswers.id });
    if (!answer) throw invalidChatState("the chat has been rated already");
    await recordAudit(tx, {
      actorId: input.participant.kind === "customer" ? input.participant.userId : null,
      action: "conversation.rated",
      objectType: "conversation",
      objectId: input.conversationId,
      after: { rating: input.rating, agentId: conversation.agentId },
    });
  });
}
