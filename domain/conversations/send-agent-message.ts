import { and, eq } from "drizzle-orm";
import { conversations } from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { requireChatAgent } from "./chat-agents";
import { storeMessage, type Stored } from "./conversations";

/**
 * The assigned agent writes to the customer. Stored and numbered before the acknowledgement,
 * like the customer's own messages; a retry with the same client id is not stored twice.
 */
export function sendAgentMessage(
  ctx: DomainContext,
  input: { actor: StaffActor; conversationId: string; clientId: string; text: string },
): Promise<Stored> {
  requireChatAgent(input.actor);
  return ctx.db.transaction((tx) =>
    storeMessage(ctx, tx, {
      where: and(eq(conversations.agentId, input.actor.userId), eq(conversations.status, "active"))!,
      conversationId: input.conversationId,
      clientId: input.clientId,
      sender: "agent",
      senderId: input.actor.userId,
      text: input.text,
    }),
  );
}
