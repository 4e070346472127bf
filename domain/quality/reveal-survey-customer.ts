import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { StaffActor } from "../service-requests/request-access";
import { requireQualityReviewer } from "./quality-access";
import { customerInClear } from "./get-quality-survey";

export const MAX_REVEAL_REASON_CHARS = 500;

/**
 * The customer's name and mobile in clear, for a reviewer who gives a reason (to call the
 * customer back, say). The reason and who asked go to the audit trail before the values are
 * handed out; the values themselves are never stored anywhere new.
 */
export async function revealSurveyCustomer(
  ctx: DomainContext,
  input: { actor: StaffActor; id: string; reason: string },
): Promise<{ name: string | null; mobile: string | null }> {
  requireQualityReviewer(input.actor);
  const reason = input.reason.trim();
  if (!reason || reason.length > MAX_REVEAL_REASON_CHARS) {
    throw new AppError("INVALID_INPUT", { message: "a reveal needs a reason", userMessage: "quality_review.reveal_reason_required", field: "reason" });
  }
  const customer = await customerInClear(ctx, input.id);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: input.actor.userId,
      action: "pii.revealed",
      objectType: "survey_answer",
      objectId: input.id,
      after: { customerId: customer.customerId, what: ["name", "mobile"], reason },
    }),
  );
  return { name: customer.name, mobile: customer.mobile };
}
