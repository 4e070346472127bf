import { and, eq, inArray } from "drizzle-orm";
import { privacyRequests, type User } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import { claimAttempt, clearAttempts, lockedError, recordWrongGuess, refuseWhileLocked } from "../accounts/sign-in-throttle";
import { recordAudit } from "../audit/record-audit";
import { decisionDueAt } from "../complaints/complaint-deadlines";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { verifyPassword } from "../identity/password";
import { nextAcceptanceNumber } from "../service-requests/acceptance-number";
import { OPEN_PRIVACY_STATUSES } from "./privacy-request-lifecycle";
import type { PrivacyRequestInput } from "./privacy-schemas";

/**
 * The customer asks to close the account and erase their data. The password confirms it is the
 * account's owner at the keyboard. The answer is due in 15 calendar days, counted as a
 * complaint's (PIPL art. 50 asks for a timely answer; the bank holds itself to the complaint clock).
 */
export async function submitPrivacyRequest(ctx: DomainContext, input: { customer: User; details: PrivacyRequestInput }) {
  // The same guess counter as signing in: a borrowed session cannot try passwords here unchecked.
  const attempt = await claimAttempt(ctx.db, input.customer.id, ctx.now());
  if (attempt === null) throw await ctx.db.transaction((tx) => refuseWhileLocked(tx, input.customer.id));
  if (!(await verifyPassword(input.customer.passwordHash, input.details.password))) {
    const locked = await ctx.db.transaction((tx) =>
      recordWrongGuess(tx, { userId: input.customer.id, attempt, action: "auth.sign_in_failed", details: { reason: "wrong_password", on: "privacy_request" } }),
    );
    if (locked) throw lockedError();
    // As a wrong password at sign-in: refused as unauthorised, and counted.
    throw new AppError("UNAUTHORIZED", { message: "wrong password on a privacy request", userMessage: "privacy.password_wrong", field: "password" });
  }
  return ctx.db.transaction(async (tx) => {
    await clearAttempts(tx, input.customer.id);
    const [open] = await tx
      .select({ number: privacyRequests.number })
      .from(privacyRequests)
      .where(and(eq(privacyRequests.customerId, input.customer.id), inArray(privacyRequests.status, [...OPEN_PRIVACY_STATUSES])))
      .for("update");
    if (open) throw new AppError("CONFLICT", { message: "a privacy request is already open", userMessage: "privacy.error.already_open" });
    const now = ctx.now();
    const [request] = await tx
      .insert(privacyRequests)
      .values({
        number: await nextAcceptanceNumber(tx, now),
        customerId: input.customer.id,
        status: "received",
        reasonEnc: input.details.reason ? ctx.cipher.encrypt(input.details.reason) : null,
        receivedAt: now,
        dueAt: decisionDueAt(now),
      })
      .returning();
    if (!request) throw new Error("the privacy request insert returned no row");
    await recordAudit(tx, {
      actorId: input.customer.id,
      action: "privacy_request.received",
      objectType: "privacy_request",
      objectId: request.id,
      after: { status: request.status, dueAt: request.dueAt, reasonGiven: request.reasonEnc !== null },
    });
    await enqueueEmail(tx, {
      template: "privacy.received",
      to: input.customer.email,
      locale: input.customer.locale,
      params: { number: request.number, dueAt: request.dueAt, publicUrl: ctx.publicUrl },
      now,
    });
    return request;
  });
}
