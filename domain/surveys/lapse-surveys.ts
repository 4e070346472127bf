import { and, asc, eq, isNull, lte, notInArray } from "drizzle-orm";
import { surveyInvitations } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { lapseComplaintSurvey } from "../complaints/complaint-survey";
import type { DomainContext } from "../context";

/**
 * The background job for surveys nobody answered before they expired: each is marked lapsed,
 * and a complaint that was waiting for its survey is archived. Every survey is claimed with
 * FOR UPDATE SKIP LOCKED in its own transaction, together with what its lapse sets off, so any
 * number of instances can run this at once and each survey lapses exactly once. One that fails
 * is left for the next run and does not hold up the others.
 */
export async function lapseSurveys(ctx: DomainContext): Promise<{ lapsed: number }> {
  const now = ctx.now();
  const failed: string[] = [];
  const errors: unknown[] = [];
  let lapsed = 0;
  for (;;) {
    // Set inside the transaction: which survey a failure is about.
    const claimed: { id: string | null } = { id: null };
    try {
      const done = await ctx.db.transaction(async (tx) => {
        const [invitation] = await tx
          .select({ id: surveyInvitations.id, subjectType: surveyInvitations.subjectType, subjectId: surveyInvitations.subjectId, expiresAt: surveyInvitations.expiresAt })
          .from(surveyInvitations)
          .where(
            and(
              isNull(surveyInvitations.answeredAt),
              isNull(surveyInvitations.lapsedAt),
              lte(surveyInvitations.expiresAt, now),
              failed.length > 0 ? notInArray(surveyInvitations.id, failed) : undefined,
            ),
          )
          .orderBy(asc(surveyInvitations.expiresAt))
          .limit(1)
          .for("update", { skipLocked: true });
        if (!invitation) return true;
        claimed.id = invitation.id;
        await tx.update(surveyInvitations).set({ lapsedAt: now }).where(eq(surveyInvitations.id, invitation.id));
        await recordAudit(tx, {
          actorId: "system:surveys",
          action: "survey.lapsed",
          objectType: "survey",
          objectId: invitation.id,
          after: { subjectType: invitation.subjectType, subjectId: invitation.subjectId, expiresAt: invitation.expiresAt },
        });
        if (invitation.subjectType === "complaint") await lapseComplaintSurvey(ctx, tx, { complaintId: invitation.subjectId });
        return false;
      });
      if (done) break;
      lapsed += 1;
    } catch (error) {
      if (!claimed.id) throw error;
      failed.push(claimed.id);
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} expired survey(s) could not be lapsed: ${failed.join(", ")}`);
  return { lapsed };
}
