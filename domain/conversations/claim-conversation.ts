import { and, eq } from "drizzle-orm";
import { conversations, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { canTakeChat, requireChatAgent } from "./chat-agents";
import { notice } from "./chat-notices";
import { invalidChatState, nextStatus } from "./conversation-lifecycle";
import { storeMessage, type DeliveredMessage } from "./conversations";

/**
 * An online agent below their maximum takes a waiting chat. The first claim wins: the update
 * only matches while the chat is still waiting, so a second agent gets `invalid_state`.
 */
export async function claimConversation(
  ctx: DomainContext,
  input: { actor: StaffActor; conversationId: string },
): Promise<{ agentName: string; message: DeliveredMessage }> {
  requireChatAgent(input.actor);
  const status = nextStatus("waiting", "claim");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    if (!(await canTakeChat(ctx, tx, input.actor.userId))) throw invalidChatState("the agent is away or at their maximum of chats");
    const [claimed] = await tx
      .update(conversations)
      .set({ status, agentId: input.actor.userId, claimedAt: now, updatedAt: now })
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.status, "waiting")))
      .returning({ language: conversations.language });
    if (!claimed) throw invalidChatState("the chat is not waiting (taken already, closed or unknown)");
    const [agent] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.actor.userId));
    const agentName = agent?.name ?? "";
    const { message } = await storeMessage(ctx, tx, {
      conversationId: input.conversationId,
      clientId: `joined-${input.actor.userId}-${now.getTime()}`,
      sender: "system",
      senderId: null,
      text: notice("joined", claimed.language, { name: agentName }),
      where: eq(conversations.agentId, input.actor.userId),
    });
    await recordAudit(tx, {
      actorId: input.actor.userId,
      action: "conversation.claimed",
      objectType: "conversation",
      objectId: input.conversationId,
      before: { status: "waiting" },
      after: { status, agentId: input.actor.userId },
    });
    return { agentName, message };
  });
}
