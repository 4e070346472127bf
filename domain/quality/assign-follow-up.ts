import { and, eq } from "drizzle-orm";
import { qualityFollowUps, userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { StaffActor } from "../service-requests/request-access";
import { lockOpenFollowUp } from "./follow-up-records";
import { requireQualityReviewer } from "./quality-access";
import { isUuid } from "../attachments/attachment-access";

/** The quality reviewers a follow-up can be given to. */
export async function findQualityReviewers(ctx: DomainContext, input: { actor: StaffActor }): Promise<{ id: string; name: string }[]> {
  requireQualityReviewer(input.actor);
  return ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "quality")))
    .where(eq(users.kind, "staff"))
    .orderBy(users.name);
}

/** Gives an open follow-up to a quality reviewer (the actor themself included). */
export async function assignFollowUp(ctx: DomainContext, input: { actor: StaffActor; id: string; assigneeId: string }): Promise<void> {
  requireQualityReviewer(input.actor);
  const invalid = () => new AppError("INVALID_INPUT", { message: "assignee is not a quality reviewer", userMessage: "quality_review.assignee_invalid", field: "assigneeId" });
  if (!isUuid(input.assigneeId)) throw invalid();
  await ctx.db.transaction(async (tx) => {
    const followUp = await lockOpenFollowUp(tx, input.id);
    const [assignee] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "quality")))
      .where(and(eq(users.id, input.assigneeId), eq(users.kind, "staff")));
    if (!assignee) throw invalid();
    await tx.update(qualityFollowUps).set({ assigneeId: assignee.id }).where(eq(qualityFollowUps.id, followUp.id));
    await recordAudit(tx, {
      actorId: input.actor.userId,
      action: "quality.follow_up_assigned",
      objectType: "quality_follow_up",
      objectId: followUp.id,
      before: { assigneeId: followUp.assigneeId },
      after: { assigneeId: assignee.id },
    });
  });
}
