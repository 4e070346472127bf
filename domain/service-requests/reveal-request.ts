import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { revealableKinds } from "../identity/reveal-policy";
import { recordReveal } from "../identity/reveal-trail";
import { decryptRequestDetails, requireStaffRequestRow } from "./find-requests";
import type { StaffActor } from "./request-access";
import { detailRows, personalDataKinds } from "./request-views";

/**
 * A member of staff sees a request's personal data in full, on a reason (PIPL, JR/T 0171-2020):
 * only the kinds their roles may see (REVEAL_PERMISSIONS), each reveal in the audit trail with
 * its reason before anything is shown. The answer is for this one response; nothing is kept.
 */
export async function revealStaffRequest(ctx: DomainContext, input: { actor: StaffActor; number: string; reason: unknown }) {
  const { request, customer } = await requireStaffRequestRow(ctx, input);
  const details = decryptRequestDetails(ctx, request);
  const fields = revealableKinds(input.actor.roles, ["mobile", ...personalDataKinds(details)]);
  if (fields.length === 0) {
    throw new AppError("FORBIDDEN", { message: "no personal data on this request the actor may reveal", userMessage: "reveal.not_permitted" });
  }
  await ctx.db.transaction((tx) =>
    recordReveal(ctx, tx, {
      actorId: input.actor.userId,
      objectType: "service_request",
      objectId: request.id,
      customerId: customer.id,
      fields,
      reason: input.reason,
    }),
  );
  const mobile = customer.mobileEnc ? ctx.cipher.decrypt(customer.mobileEnc) : "";
  const shown = (kind: (typeof fields)[number]) => fields.includes(kind);
  return {
    customerMobile: shown("mobile") ? mobile : null,
    details: detailRows(details, shown),
    fields,
  };
}
