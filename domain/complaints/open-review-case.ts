import type { Transaction } from "../../db/client";
import type { Complaint } from "../../db/schema";
import type { DomainContext } from "../context";
import type { ComplaintDetails } from "./complaint-schemas";
import { applyComplaintTransition, createComplaint } from "./complaint-records";

/**
 * A review (核查) of an archived complaint: the archive stays sealed, and the review runs as a new
 * case that carries the complaint's details, names the archived case, and waits for a supervisor
 * to assign an investigator other than the first one. The customer is told the new number.
 */
export async function openReviewCase(ctx: DomainContext, tx: Transaction, input: { archived: Complaint; reason: string }): Promise<{ number: string }> {
  const { archived } = input;
  const review = await createComplaint(ctx, tx, {
    customerId: archived.customerId,
    channel: archived.channel,
    category: archived.category,
    businessLine: archived.businessLine,
    severity: archived.severity,
    details: JSON.parse(ctx.cipher.decrypt(archived.detailsEnc)) as ComplaintDetails,
    actorId: archived.customerId,
    conversationId: archived.conversationId,
    reviewOf: { id: archived.id, number: archived.number, firstInvestigatorId: archived.firstInvestigatorId ?? archived.investigatorId },
  });
  const opened = await applyComplaintTransition(ctx, tx, {
    complaint: review,
    event: "open_review",
    actor: { userId: archived.customerId },
    entries: [{ kind: "review_requested", public: true, body: input.reason, data: { reviewOf: archived.number } }],
    email: { template: "complaint.acknowledged", params: { number: review.number, dueAt: review.dueAt } },
  });
  return { number: opened.number };
}
