import type { Transaction } from "../../db/client";
import { surveyInvitations, type SurveyInvitation, type SurveySubject } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { emailCustomer } from "../service-requests/request-records";
import { surveyToken } from "./survey-links";
import { getSurveySettings } from "./survey-settings";

const DAY_MS = 86_400_000;

/**
 * Sends a satisfaction survey about a completed request, a closed chat or a resolved complaint,
 * in the caller's transaction: a customer gets it by email (a signed single-use link) and in the
 * portal; a visitor's chat is rated in the widget only. `number` is the acceptance number the
 * email names, if the subject has one.
 */
export async function inviteSurvey(
  ctx: DomainContext,
  tx: Transaction,
  input: { subjectType: SurveySubject; subjectId: string; customerId: string | null; number: string | null },
): Promise<SurveyInvitation> {
  const now = ctx.now();
  const { expiryDays } = await getSurveySettings(tx);
  const [invitation] = await tx
    .insert(surveyInvitations)
    .values({
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      customerId: input.customerId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiryDays * DAY_MS),
    })
    .returning();
  if (!invitation) throw new Error("insert returned no row");
  await recordAudit(tx, {
    actorId: "system:surveys",
    action: "survey.sent",
    objectType: "survey",
    objectId: invitation.id,
    after: { subjectType: invitation.subjectType, subjectId: invitation.subjectId, expiresAt: invitation.expiresAt, byEmail: input.customerId !== null },
  });
  if (input.customerId) {
    await emailCustomer(ctx, tx, input.customerId, {
      template: "survey.invitation",
      params: { subject: input.subjectType, number: input.number, token: surveyToken(ctx.cipher, invitation.id), expiresAt: invitation.expiresAt },
    });
  }
  return invitation;
}
