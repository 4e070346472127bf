import { and, eq } from "drizzle-orm";
import { conversations, users } from "../../db/schema";
import { openRequestStatuses } from "../../db/schema/enums";
import type { DomainContext } from "../context";
import { findCustomerComplaints } from "../complaints/find-complaints";
import { findCustomerRequests } from "../service-requests/find-requests";
import type { StaffActor } from "../service-requests/request-access";
import { handledBy } from "./chat-agents";
import { transcript } from "./conversations";
import { maskedCustomer } from "./find-chat-queue";
import { conversationNotFound } from "./participants";

// Finished requests are history; the agent needs what is still going on.
const OPEN_REQUEST_STATUSES = new Set<string>(openRequestStatuses);

/**
 * A chat as its agent (or a supervisor) sees it: the transcript with internal notes after
 * `afterSeq`, and who the customer is — masked — with their open service requests.
 */
export async function openDeskConversation(ctx: DomainContext, input: { actor: StaffActor; conversationId: string; afterSeq: number }) {
  const [row] = await ctx.db
    .select({ conversation: conversations, name: users.name, mobileEnc: users.mobileEnc })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.customerId))
    .where(and(eq(conversations.id, input.conversationId), handledBy(input.actor)));
  if (!row) throw conversationNotFound();
  const { conversation } = row;
  const customerId = conversation.customerId;
  const requests = customerId ? await findCustomerRequests(ctx, { customerId, limit: 50 }) : [];
  const complaints = customerId ? await findCustomerComplaints(ctx, { customerId, limit: 50 }) : [];
  return {
    messages: await transcript(ctx, { conversationId: conversation.id, afterSeq: input.afterSeq, withInternal: true }),
    context: {
      conversationId: conversation.id,
      status: conversation.status,
      language: conversation.language,
      agentId: conversation.agentId,
      customer: maskedCustomer(ctx, row),
      requests: requests
        .filter((r) => OPEN_REQUEST_STATUSES.has(r.status))
        .map((r) => ({ number: r.number, type: r.type, status: r.status, dueAt: r.dueAt?.toISOString() ?? null })),
      // Complaints still open, with the regulator's decision date.
      complaints: complaints
        .filter((c) => c.status !== "archived")
        .map((c) => ({ number: c.number, category: c.category, dueAt: c.dueAt.toISOString() })),
    },
  };
}
