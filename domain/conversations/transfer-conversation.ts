import { and, eq, ne } from "drizzle-orm";
import { conversations, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { canTakeChat, handledBy } from "./chat-agents";
import { notice } from "./chat-notices";
import { invalidChatState, nextStatus } from "./conversation-lifecycle";
import { storeMessage, type DeliveredMessage } from "./conversations";
import { conversationNotFound } from "./participants";

/**
 * The assigned agent (or a supervisor) passes an active chat to another online agent below
 * their maximum. The note travels as an internal message, for agents only; the customer is
 * told who joined.
 */
export async function transferConversation(
  ctx: DomainContext,
  input: { actor: StaffActor; conversationId: string; toAgentId: string; note: string },
): Promise<{ agentName: string; fromAgentId: string | null; messages: DeliveredMessage[] }> {
  const handled = handledBy(input.actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ status: conversations.status, agentId: conversations.agentId })
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), handled))
      .for("update");
    if (!conversation) throw conversationNotFound();
    const status = nextStatus(conversation.status, "transfer");
    if (input.toAgentId === conversation.agentId) throw invalidChatState("the chat is with that agent already");
    if (!(await canTakeChat(ctx, tx, input.toAgentId))) throw invalidChatState("the receiving agent is away or at their maximum of chats");
    const [moved] = await tx
      .update(conversations)
      .set({ agentId: input.toAgentId, updatedAt: now })
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.status, status), ne(conversations.agentId, input.toAgentId)))
      .returning({ language: conversations.language });
    if (!moved) throw invalidChatState("the chat changed meanwhile");
    const [agent] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.toAgentId));
    const agentName = agent?.name ?? "";
    const stamp = now.getTime();
    const same = eq(conversations.agentId, input.toAgentId);
    const note = await storeMessage(ctx, tx, {
      conversationId: input.conversationId,
      clientId: `transfer-${input.toAgentId}-${stamp}`,
      sender: "agent",
      senderId: input.actor.userId,
      text: input.note,
      internal: true,
      where: same,
    });
    const joined = await storeMessage(ctx, tx, {
      conversationId: input.conversationId,
      clientId: `joined-${input.toAgentId}-${stamp}`,
      sender: "system",
      senderId: null,
      text: notice("joined", moved.language, { name: agentName }),
      where: same,
    });
    await recordAudit(tx, {
      actorId: input.actor.userId,
      action: "conversation.transferred",
      objectType: "conversation",
      objectId: input.conversationId,
      before: { agentId: conversation.agentId },
      after: { agentId: input.toAgentId },
    });
    return { agentName, fromAgentId: conversation.agentId, messages: [note.message, joined.message] };
  });
}
