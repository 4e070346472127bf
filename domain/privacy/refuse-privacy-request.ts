import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { PRIVACY_DESK_ROLES, privacyRequestNotFound } from "./privacy-access";
import { applyPrivacyTransition, lockPrivacyRequest } from "./privacy-records";

/**
 * The bank refuses, with a reason the customer reads (an open loan still being repaid, a dispute
 * in court). The account stays as it is.
 */
export async function refusePrivacyRequest(ctx: DomainContext, input: { actor: StaffActor; number: string; reason: string }) {
  requireAnyRole(input.actor, PRIVACY_DESK_ROLES);
  return ctx.db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.number);
    if (!request) throw privacyRequestNotFound();
    const refused = await applyPrivacyTransition(ctx, tx, {
      request,
      event: "refuse",
      actorId: input.actor.userId,
      patch: { refusalEnc: ctx.cipher.encrypt(input.reason) },
    });
    const [customer] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, request.customerId));
    if (customer) {
      await enqueueEmail(tx, {
        template: "privacy.closed",
        to: customer.email,
        locale: customer.locale,
        params: { number: request.number, outcome: "refused", reason: input.reason, publicUrl: ctx.publicUrl },
        now: ctx.now(),
      });
    }
    return refused;
  });
}
