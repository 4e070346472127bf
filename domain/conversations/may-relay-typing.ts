import { and, eq, ne } from "drizzle-orm";
import { conversations } from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { requireChatAgent } from "./chat-agents";
import { ownedBy, type ChatParticipant } from "./participants";

export type TypingSide = { kind: "agent"; actor: StaffActor } | { kind: "participant"; participant: ChatParticipant };

/**
 * Typing is relayed, never stored: one indexed look-up that the typist is the chat's owner or
 * its assigned agent, and that the chat is still open.
 */
export async function mayRelayTyping(ctx: DomainContext, input: { conversationId: string; side: TypingSide }): Promise<boolean> {
  const { side } = input;
  if (side.kind === "agent") requireChatAgent(side.actor);
  const who = side.kind === "agent" ? eq(conversations.agentId, side.actor.userId) : ownedBy(side.participant);
  const [row] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), who, ne(conversations.status, "closed")));
  return Boolean(row);
}
