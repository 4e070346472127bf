import type { DomainContext } from "../context";
import { revealableKinds } from "../identity/reveal-policy";
import { recordReveal } from "../identity/reveal-trail";
import type { StaffActor } from "../service-requests/request-access";
import { requireQualityReviewer } from "./quality-access";
import { customerInClear } from "./get-quality-survey";

/**
 * The customer's name and mobile in clear, for a reviewer who gives a reason (to call the
 * customer back, say). The reason and who asked go to the audit trail before the values are
 * handed out; the values themselves are never stored anywhere new.
 */
export async function revealSurveyCustomer(
  ctx: DomainContext,
  input: { actor: StaffActor; id: string; reason: unknown },
): Promise<{ name: string | null; mobile: string | null }> {
  requireQualityReviewer(input.actor);
  const customer = await customerInClear(ctx, input.id);
  const fields = revealableKinds(input.actor.roles, ["name", "mobile"]);
  await ctx.db.transaction((tx) =>
    recordReveal(ctx, tx, {
      actorId: input.actor.userId,
      objectType: "survey_answer",
      objectId: input.id,
      customerId: customer.customerId,
      fields,
      reason: input.reason,
    }),
  );
  return { name: fields.includes("name") ? customer.name : null, mobile: fields.includes("mobile") ? customer.mobile : null };
}
