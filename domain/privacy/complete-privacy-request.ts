import { and, eq, ne } from "drizzle-orm";
import { complaints, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { eraseCustomerData } from "./erase-customer-data";
import { PRIVACY_DESK_ROLES, privacyRequestNotFound } from "./privacy-access";
import { applyPrivacyTransition, lockPrivacyRequest } from "./privacy-records";
import { nextStatus } from "./privacy-request-lifecycle";

/**
 * The compliance officer completes the request: the account is closed and the data erased, all
 * in one transaction with the audit entry and the completion email (sent to the address the
 * customer had, the last time it is used: the outbox's retention removes it after 90 days). Request files are deleted once that has committed;
 * one left behind by a crash is an orphan the nightly sweep removes.
 */
export async function completePrivacyRequest(ctx: DomainContext, input: { actor: StaffActor; number: string }) {
  requireAnyRole(input.actor, PRIVACY_DESK_ROLES);
  const result = await ctx.db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.number);
    if (!request) throw privacyRequestNotFound();
    const [customer] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, request.customerId)).for("update");
    if (!customer) throw privacyRequestNotFound();
    nextStatus(request.status, "complete");
    // A complaint still in its loop needs the customer's contact details to reach its decision and
    // confirmation: it is finished first (or this request refused with the reason).
    const [open] = await tx
      .select({ id: complaints.id })
      .from(complaints)
      .where(and(eq(complaints.customerId, request.customerId), ne(complaints.status, "archived")))
      .limit(1);
    if (open) throw new AppError("CONFLICT", { message: "the customer has a complaint still open", userMessage: "privacy.error.complaint_open" });
    const erasure = await eraseCustomerData(ctx, tx, { customerId: request.customerId, actorId: input.actor.userId });
    await enqueueEmail(tx, {
      template: "privacy.closed",
      to: customer.email,
      locale: customer.locale,
      params: { number: request.number, outcome: "completed", publicUrl: ctx.publicUrl },
      now: ctx.now(),
    });
    const completed = await applyPrivacyTransition(ctx, tx, {
      request,
      event: "complete",
      actorId: input.actor.userId,
      audit: { retainedUntil: erasure.retainedUntil },
    });
    return { request: completed, erasure };
  });
  for (const key of result.erasure.storageKeys) await ctx.attachments.delete(key);
  return { request: result.request, endedSessionIds: result.erasure.endedSessionIds };
}
