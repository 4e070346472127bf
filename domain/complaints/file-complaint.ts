import type { ComplaintChannel, User } from "../../db/schema";
import { storeComplaintAttachments, type ValidatedUpload } from "../attachments/add-attachments";
import { settleConsentIn, type ConsentGiven } from "../consents/consent-records";
import { complaintNeedsConsent } from "../consents/consent-rules";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { applyComplaintTransition, createComplaint } from "./complaint-records";
import { ComplaintDetailsSchema, initialSeverity, type ComplaintInput } from "./complaint-schemas";

/**
 * A customer's complaint is accepted (SPEC §3): it gets an acceptance number from the same
 * sequence as service requests, the regulator's 15-day clock starts now, and the customer is
 * acknowledged by email at once — so it is received and acknowledged in the same transaction.
 * `takenBy` is the member of staff who took it down on the customer's behalf (phone, counter,
 * email); the files are the customer's, checked by validateUploads. Files may be ID images: they
 * are only stored under the customer's separate consent (given now, or in force on record).
 */
export async function fileComplaint(
  ctx: DomainContext,
  input: {
    customer: User;
    details: ComplaintInput;
    channel: ComplaintChannel;
    conversationId?: string | null;
    takenBy?: string;
    files?: readonly ValidatedUpload[];
    consent?: ConsentGiven | null;
  },
) {
  const { customer, channel } = input;
  if (customer.kind !== "customer") {
    throw new AppError("FORBIDDEN", { message: "only customers file complaints", userMessage: "page.forbidden_body" });
  }
  // Callers other than the portal form (the bot, the desk) hand details over too: check them here.
  const parsed = ComplaintDetailsSchema.safeParse(input.details);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("INVALID_INPUT", {
      message: `invalid complaint details: ${issue?.path.join(".")}`,
      userMessage: issue?.message ?? "error.form_invalid",
      field: issue?.path[0]?.toString(),
    });
  }
  const details = parsed.data;
  const actorId = input.takenBy ?? customer.id;
  const files = input.files ?? [];
  return ctx.db.transaction(async (tx) => {
    await settleConsentIn(ctx, tx, { userId: customer.id, given: input.consent, needsConsent: complaintNeedsConsent(files.length) });
    const complaint = await createComplaint(ctx, tx, {
      customerId: customer.id,
      channel,
      category: details.category,
      businessLine: details.businessLine,
      severity: initialSeverity(details.category),
      details,
      actorId,
      conversationId: input.conversationId,
      data: input.takenBy ? { takenBy: input.takenBy } : undefined,
    });
    await storeComplaintAttachments(ctx, tx, { complaintId: complaint.id, uploadedBy: actorId, files });
    // The acknowledgement is the system's, sent the moment the complaint is accepted.
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: "acknowledge",
      actor: "system",
      entries: [{ kind: "acknowledged", public: true, data: { dueAt: complaint.dueAt.toISOString() } }],
      email: { template: "complaint.acknowledged", params: { number: complaint.number, dueAt: complaint.dueAt } },
    });
  });
}
