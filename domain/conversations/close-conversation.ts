import { and, eq, inArray, type SQL } from "drizzle-orm";
import { conversations } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { inviteSurvey } from "../surveys/invite-survey";
import { handledBy } from "./chat-agents";
import { notice } from "./chat-notices";
import { invalidChatState, nextStatus, statusesFor } from "./conversation-lifecycle";
import { storeMessage, type DeliveredMessage } from "./conversations";
import { conversationNotFound, ownedBy, type ChatParticipant } from "./participants";

export type ClosedBy = { kind: "agent"; actor: StaffActor } | { kind: "participant"; participant: ChatParticipant };

/** Who may end the chat, in the query: its owner, its agent, or a supervisor. */
function closableBy(by: ClosedBy): SQL | undefined {
  if (by.kind === "participant") return ownedBy(by.participant);
  return handledBy(by.actor);
}

/** Ends a chat, from either side; the closing message asks the customer for a rating, and a survey is sent. */
export async function closeConversation(ctx: DomainContext, input: { conversationId: string; by: ClosedBy }): Promise<{ message: DeliveredMessage }> {
  const who = closableBy(input.by);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ status: conversations.status, language: conversations.language, agentId: conversations.agentId, customerId: conversations.customerId })
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), who))
      .for("update");
    if (!conversation) throw conversationNotFound();
    const status = nextStatus(conversation.status, "close");
    // The closing message goes in while the chat is still open (it locks the row), then it closes.
    const { message } = await storeMessage(ctx, tx, {
      conversationId: input.conversationId,
      clientId: `closed-${now.getTime()}`,
      sender: "system",
      senderId: null,
      text: notice("closed", conversation.language),
      where: inArray(conversations.status, statusesFor("close")),
    });
    const [closed] = await tx
      .update(conversations)
      .set({ status, closedAt: now, updatedAt: now })
      .where(and(eq(conversations.id, input.conversationId), inArray(conversations.status, statusesFor("close"))))
      .returning({ id: conversations.id });
    if (!closed) throw invalidChatState("the chat closed meanwhile");
    await recordAudit(tx, {
      actorId: input.by.kind === "agent" ? input.by.actor.userId : input.by.participant.kind === "customer" ? input.by.participant.userId : null,
      action: "conversation.closed",
      objectType: "conversation",
      objectId: input.conversationId,
      before: { status: conversation.status, agentId: conversation.agentId },
      after: { status, by: input.by.kind },
    });
    // A visitor's chat is surveyed too (no email): the widget's rating answers it.
    await inviteSurvey(ctx, tx, {
      subjectType: "chat",
      subjectId: input.conversationId,
      customerId: conversation.customerId,
      number: null,
      channel: "chat",
      agentId: conversation.agentId,
    });
    return { message };
  });
}
