import { and, eq, inArray, lt } from "drizzle-orm";
import { conversations } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { onlineChatAgents } from "./chat-agents";
import { notice } from "./chat-notices";
import { nextStatus, statusesFor } from "./conversation-lifecycle";
import { storeMessage, type DeliveredMessage } from "./conversations";
import { ownerOf, type ChatParticipant } from "./participants";

/** How long a queued chat waits for an agent to come back (a reload, a short break) before it returns to the bot. */
export const UNATTENDED_AFTER_MS = 2 * 60_000;

export interface ReturnedChat {
  conversationId: string;
  participant: ChatParticipant;
  message: DeliveredMessage;
}

/**
 * Chats waiting in the queue while no agent is online go back to the bot, saying so, so that
 * nobody waits for a person who is not there; the bot then offers to take a message. Several
 * instances may run it: the status in the UPDATE lets one of them return each chat.
 */
export async function returnUnattendedChats(ctx: DomainContext): Promise<ReturnedChat[]> {
  const [someone] = await onlineChatAgents(ctx).limit(1);
  if (someone) return [];
  const now = ctx.now();
  const waiting = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.status, "waiting"), lt(conversations.queuedAt, new Date(now.getTime() - UNATTENDED_AFTER_MS))))
    .limit(100);
  const returned: ReturnedChat[] = [];
  for (const { id } of waiting) {
    const chat = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(conversations)
        .set({ status: nextStatus("waiting", "unattended"), queuedAt: null, updatedAt: now })
        .where(and(eq(conversations.id, id), inArray(conversations.status, statusesFor("unattended"))))
        .returning({ language: conversations.language, customerId: conversations.customerId, visitorId: conversations.visitorId });
      if (!row) return null;
      const { message } = await storeMessage(ctx, tx, {
        conversationId: id,
        clientId: `unattended-${now.getTime()}`,
        sender: "system",
        senderId: null,
        text: notice("unattended", row.language),
        where: eq(conversations.status, "bot"),
      });
      await recordAudit(tx, { actorId: null, action: "conversation.unattended", objectType: "conversation", objectId: id, after: { status: "bot" } });
      return { conversationId: id, participant: ownerOf(row), message };
    });
    if (chat) returned.push(chat);
  }
  return returned;
}
