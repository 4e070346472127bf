import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { PRIVACY_DESK_ROLES, privacyRequestNotFound } from "./privacy-access";
import { applyPrivacyTransition, lockPrivacyRequest } from "./privacy-records";

/** The compliance officer takes the request up: received → in progress. */
export async function startPrivacyRequest(ctx: DomainContext, input: { actor: StaffActor; number: string }) {
  requireAnyRole(input.actor, PRIVACY_DESK_ROLES);
  return ctx.db.transaction(async (tx) => {
    const request = await lockPrivacyRequest(tx, input.number);
    if (!request) throw privacyRequestNotFound();
    return applyPrivacyTransition(ctx, tx, { request, event: "start", actorId: input.actor.userId });
  });
}
