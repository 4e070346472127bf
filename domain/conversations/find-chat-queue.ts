import { and, asc, eq, or } from "drizzle-orm";
import { conversations, users } from "../../db/schema";
import type { DomainContext } from "../context";
import { maskMobile } from "../identity/masking";
import type { StaffActor } from "../service-requests/request-access";
import { getMaxChatsPerAgent, requireChatAgent } from "./chat-agents";
import { getAgentPresence } from "./set-agent-presence";

/** A customer as the desk sees them: name and masked mobile; null for a visitor. */
export type MaskedCustomer = { name: string; mobile: string } | null;

export interface QueuedChat {
  conversationId: string;
  status: "waiting" | "active";
  customer: MaskedCustomer;
  language: "zh" | "en";
  queuedAt: string | null;
  agentId: string | null;
}

export function maskedCustomer(ctx: DomainContext, row: { name: string | null; mobileEnc: string | null }): MaskedCustomer {
  if (row.name === null) return null;
  return { name: row.name, mobile: row.mobileEnc ? maskMobile(ctx.cipher.decrypt(row.mobileEnc)) : "" };
}

/** The agent's desk: chats waiting for anyone (oldest first) and the agent's own active ones. */
export async function findChatQueue(ctx: DomainContext, input: { actor: StaffActor }) {
  requireChatAgent(input.actor);
  const rows = await ctx.db
    .select({ conversation: conversations, name: users.name, mobileEnc: users.mobileEnc })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.customerId))
    .where(
      or(
        eq(conversations.status, "waiting"),
        and(eq(conversations.status, "active"), eq(conversations.agentId, input.actor.userId)),
      ),
    )
    .orderBy(asc(conversations.queuedAt), asc(conversations.createdAt));
  const view = (row: (typeof rows)[number]): QueuedChat => ({
    conversationId: row.conversation.id,
    status: row.conversation.status as QueuedChat["status"],
    customer: maskedCustomer(ctx, row),
    language: row.conversation.language,
    queuedAt: row.conversation.queuedAt?.toISOString() ?? null,
    agentId: row.conversation.agentId,
  });
  return {
    waiting: rows.filter((r) => r.conversation.status === "waiting").map(view),
    mine: rows.filter((r) => r.conversation.status === "active").map(view),
    presence: await getAgentPresence(ctx, { userId: input.actor.userId }),
    maxChats: await getMaxChatsPerAgent(ctx.db),
  };
}
