import { requestEvents, serviceRequests, type User } from "../../db/schema";
import { storeAttachments, type ValidatedUpload } from "../attachments/add-attachments";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { settleConsentIn, type ConsentGiven } from "../consents/consent-records";
import { requestNeedsConsent } from "../consents/consent-rules";
import { AppError } from "../errors";
import { nextAcceptanceNumber } from "./acceptance-number";
import { chainFor, getRequestSettings, isLargeTransfer } from "./approval-chains";
import { emailTo } from "./request-records";
import { amountOf, type RequestDetails } from "./request-schemas";
import { reviewDueAt } from "./review-clock";

/**
 * A customer submits a request (SPEC §1, §2.1.2): it is registered with an acceptance number,
 * its approval chain and review clock are fixed now, and the customer is told by email. Sensitive
 * financial data is only stored under the customer's separate consent to the privacy notice in
 * force — given with this submission (`consent`) or already on record.
 */
export async function submitRequest(
  ctx: DomainContext,
  input: { customer: User; details: RequestDetails; files?: readonly ValidatedUpload[]; consent?: ConsentGiven | null },
) {
  const { customer, details } = input;
  if (customer.kind !== "customer" || !customer.mobileEnc) {
    throw new AppError("FORBIDDEN", { message: "only customers submit requests", userMessage: "page.forbidden_body" });
  }
  const now = ctx.now();
  const settings = await getRequestSettings(ctx.db);
  const amountFen = amountOf(details);
  const clockKind = isLargeTransfer(details.type, amountFen, settings) ? "fund_movement" : "standard";
  const files = input.files ?? [];
  // Drawn before the transaction: the day's counter is then locked for one statement, not for
  // every write of every submission in flight. A submission that fails leaves a gap.
  const number = await nextAcceptanceNumber(ctx.db, now);
  return ctx.db.transaction(async (tx) => {
    await settleConsentIn(ctx, tx, { userId: customer.id, given: input.consent, needsConsent: requestNeedsConsent(details, files.length) });
    const [request] = await tx
      .insert(serviceRequests)
      .values({
        number,
        customerId: customer.id,
        type: details.type,
        status: "submitted",
        detailsEnc: ctx.cipher.encrypt(JSON.stringify(details)),
        amountFen,
        // Tracking without signing in: the acceptance number plus the account's mobile number.
        trackingKey: ctx.cipher.blindIndex(ctx.cipher.decrypt(customer.mobileEnc!)),
        clockKind,
        dueAt: reviewDueAt(ctx.calendar, now, clockKind),
        approvalChain: chainFor(details.type, amountFen, settings),
        submittedAt: now,
        updatedAt: now,
      })
      .returning();
    if (!request) throw new Error("insert returned no row");
    const [event] = await tx
      .insert(requestEvents)
      .values({ requestId: request.id, at: now, actorId: customer.id, kind: "submitted", public: true, data: { clockKind } })
      .returning({ id: requestEvents.id });
    const attached = await storeAttachments(ctx, tx, {
      requestId: request.id,
      eventId: event?.id,
      uploadedBy: customer.id,
      files,
    });
    await emailTo(ctx, tx, customer, {
      template: "request.received",
      params: { number, requestType: details.type, dueAt: request.dueAt },
    });
    await recordAudit(tx, {
      actorId: customer.id,
      action: "request.submitted",
      objectType: "service_request",
      objectId: request.id,
      after: {
        number,
        type: details.type,
        status: "submitted",
        clockKind,
        dueAt: request.dueAt,
        attachments: attached.map((a) => ({ id: a.id, type: a.contentType, size: a.size, sha256: a.sha256 })),
      },
    });
    return request;
  });
}
