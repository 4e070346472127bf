import { and, eq, inArray } from "drizzle-orm";
import { conversations } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { onlineChatAgents } from "./chat-agents";
import { notice } from "./chat-notices";
import { invalidChatState, nextStatus, statusesFor } from "./conversation-lifecycle";
import { storeMessage, type DeliveredMessage } from "./conversations";
import { conversationNotFound, ownedBy, type ChatParticipant } from "./participants";

export type HandOffResult = { status: "waiting"; message: DeliveredMessage } | { status: "bot"; noAgent: true };

/**
 * The customer asks for a person (or the bot passes them on). With an agent online the chat
 * joins the agents' queue and says so; with nobody online nothing changes and the bot goes on
 * (it offers to take a message). The customer's side passes its participant: ownership is then
 * part of the query; the bot has checked it already.
 */
export async function handOffToAgent(ctx: DomainContext, input: { conversationId: string; participant?: ChatParticipant }): Promise<HandOffResult> {
  const owned = input.participant ? ownedBy(input.participant) : undefined;
  const [conversation] = await ctx.db
    .select({ status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), owned));
  if (!conversation) throw conversationNotFound();
  const status = nextStatus(conversation.status, "handoff");
  const [someone] = await onlineChatAgents(ctx).limit(1);
  if (!someone) return { status: "bot", noAgent: true };
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [queued] = await tx
      .update(conversations)
      .set({ status, queuedAt: now, claimedAt: null, updatedAt: now })
      .where(and(eq(conversations.id, input.conversationId), inArray(conversations.status, statusesFor("handoff"))))
      .returning({ language: conversations.language, customerId: conversations.customerId });
    if (!queued) throw invalidChatState("the conversation left the bot meanwhile");
    const { message } = await storeMessage(ctx, tx, {
      conversationId: input.conversationId,
      clientId: `queued-${now.getTime()}`,
      sender: "system",
      senderId: null,
      text: notice("queued", queued.language),
      where: eq(conversations.status, status),
    });
    await recordAudit(tx, {
      actorId: input.participant?.kind === "customer" ? input.participant.userId : null,
      action: "conversation.handoff",
      objectType: "conversation",
      objectId: input.conversationId,
      after: { status },
    });
    return { status: "waiting", message };
  });
}
