import type { Transaction } from "../../db/client";
import { eq } from "drizzle-orm";
import {
  surveyInvitations,
  users,
  type ComplaintCategory,
  type RequestType,
  type ServiceChannel,
  type SurveyInvitation,
  type SurveySubject,
} from "../../db/schema";
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
 * email names, if the subject has one. The survey keeps what the quality team reports by: the
 * channel, the request type or complaint category, and who served the customer (with their branch).
 */
export async function inviteSurvey(
  ctx: DomainContext,
  tx: Transaction,
  input: {
    subjectType: SurveySubject;
    subjectId: string;
    customerId: string | null;
    number: string | null;
    channel: ServiceChannel;
    requestType?: RequestType | null;
    complaintCategory?: ComplaintCategory | null;
    agentId: string | null;
  },
): Promise<SurveyInvitation> {
  const now = ctx.now();
  const { expiryDays } = await getSurveySettings(tx);
  const [agent] = input.agentId ? await tx.select({ branch: users.branch }).from(users).where(eq(users.id, input.agentId)) : [];
  const [invitation] = await tx
    .insert(surveyInvitations)
    .values({
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      customerId: input.customerId,
      channel: input.channel,
      requestType: input.requestType ?? null,
      complaintCategory: input.complaintCategory ?? null,
      agentId: input.agentId,
      branch: agent?.branch ?? null,
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
