import { eq } from "drizzle-orm";
import { qualityFollowUps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { checkedText, lockOpenFollowUp } from "./follow-up-records";
import { requireQualityReviewer } from "./quality-access";

/** Closes an open follow-up with the action taken, which is required and stored encrypted. */
export async function closeFollowUp(ctx: DomainContext, input: { actor: StaffActor; id: string; action: string }): Promise<void> {
  requireQualityReviewer(input.actor);
  const action = checkedText(input.action, "action", true)!;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const followUp = await lockOpenFollowUp(tx, input.id);
    await tx
      .update(qualityFollowUps)
      .set({ status: "closed", actionEnc: ctx.cipher.encrypt(action), closedAt: now, closedBy: input.actor.userId })
      .where(eq(qualityFollowUps.id, followUp.id));
    await recordAudit(tx, {
      actorId: input.actor.userId,
      action: "quality.follow_up_closed",
      objectType: "quality_follow_up",
      objectId: followUp.id,
      before: { status: "open" },
      after: { status: "closed", closedAt: now.toISOString() },
    });
  });
}
