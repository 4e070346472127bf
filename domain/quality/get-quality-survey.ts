import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { conversations, qualityFollowUps, serviceRequests, surveyAnswers, surveyInvitations, surveyReviews, users } from "../../db/schema";
import { getDeskComplaint } from "../complaints/get-desk-complaint";
import { COMPLAINT_READ_ROLES } from "../complaints/desk-complaint-access";
import { complaints } from "../../db/schema";
import type { DomainContext } from "../context";
import { transcript } from "../conversations/conversations";
import { isUuid } from "../attachments/attachment-access";
import { maskMobile, maskName } from "../identity/masking";
import { timeline } from "../service-requests/find-requests";
import { hasAnyRole, type StaffActor } from "../service-requests/request-access";
import { qualitySurveyNotFound, QUALITY_REVIEW_ROLES, requireQualityReader } from "./quality-access";

const agents = alias(users, "survey_agent");
const assignees = alias(users, "follow_up_assignee");
const customers = alias(users, "survey_customer");

async function loadAnswer(ctx: DomainContext, id: string) {
  if (!isUuid(id)) throw qualitySurveyNotFound();
  const [row] = await ctx.db
    .select({
      answer: surveyAnswers,
      invitation: surveyInvitations,
      agentName: agents.name,
      customerName: customers.name,
      customerMobileEnc: customers.mobileEnc,
      review: surveyReviews,
      followUp: qualityFollowUps,
      assigneeName: assignees.name,
    })
    .from(surveyAnswers)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, surveyAnswers.invitationId))
    .leftJoin(agents, eq(agents.id, surveyInvitations.agentId))
    .leftJoin(customers, eq(customers.id, surveyAnswers.customerId))
    .leftJoin(surveyReviews, eq(surveyReviews.surveyAnswerId, surveyAnswers.id))
    .leftJoin(qualityFollowUps, eq(qualityFollowUps.surveyAnswerId, surveyAnswers.id))
    .leftJoin(assignees, eq(assignees.id, qualityFollowUps.assigneeId))
    .where(eq(surveyAnswers.id, id));
  if (!row) throw qualitySurveyNotFound();
  return row;
}

/** The customer behind an answer in clear: for the reveal use case only, which audits it. */
export async function customerInClear(ctx: DomainContext, id: string): Promise<{ customerId: string | null; name: string | null; mobile: string | null }> {
  const row = await loadAnswer(ctx, id);
  return {
    customerId: row.answer.customerId,
    name: row.customerName,
    mobile: row.customerMobileEnc ? ctx.cipher.decrypt(row.customerMobileEnc) : null,
  };
}

/** What the survey was about, as the desk would show it: a request's timeline, a chat's whole transcript (the bot's part too), a complaint's file. */
async function subjectContext(ctx: DomainContext, actor: StaffActor, subjectType: string, subjectId: string) {
  if (subjectType === "request") {
    const [request] = await ctx.db
      .select({ number: serviceRequests.number, type: serviceRequests.type, status: serviceRequests.status })
      .from(serviceRequests)
      .where(eq(serviceRequests.id, subjectId));
    if (!request) return null;
    return { kind: "request" as const, ...request, events: await timeline(ctx, subjectId, false) };
  }
  if (subjectType === "chat") {
    const [chat] = await ctx.db
      .select({ createdAt: conversations.createdAt, closedAt: conversations.closedAt })
      .from(conversations)
      .where(eq(conversations.id, subjectId));
    if (!chat) return null;
    return { kind: "chat" as const, ...chat, messages: await transcript(ctx, { conversationId: subjectId, afterSeq: 0, withInternal: true }) };
  }
  const [complaint] = await ctx.db.select({ number: complaints.number }).from(complaints).where(eq(complaints.id, subjectId));
  if (!complaint) return null;
  // The complaint file keeps its own access rules: an admin without a complaint role sees its number only.
  if (!hasAnyRole(actor, COMPLAINT_READ_ROLES)) return { kind: "complaint" as const, number: complaint.number, file: null };
  const view = await getDeskComplaint(ctx, { actor, number: complaint.number });
  return {
    kind: "complaint" as const,
    number: complaint.number,
    file: {
      status: view.complaint.status,
      category: view.complaint.category,
      whatHappened: view.details.whatHappened,
      events: view.events,
      messages: view.messages,
    },
  };
}

/**
 * One survey answer for the reviewers: the score, whether it was resolved, the customer's
 * comment (their own words about the service, kept as written), the customer masked, the
 * review and follow-up so far, and the context it was given in.
 */
export async function getQualitySurvey(ctx: DomainContext, input: { actor: StaffActor; id: string }) {
  requireQualityReader(input.actor);
  const row = await loadAnswer(ctx, input.id);
  const { answer, invitation, review, followUp } = row;
  const mobile = row.customerMobileEnc ? ctx.cipher.decrypt(row.customerMobileEnc) : null;
  const canReview = hasAnyRole(input.actor, QUALITY_REVIEW_ROLES);
  return {
    answer: {
      id: answer.id,
      subjectType: answer.subjectType,
      rating: answer.rating,
      resolved: answer.resolved,
      comment: answer.commentEnc ? ctx.cipher.decrypt(answer.commentEnc) : null,
      answeredAt: answer.createdAt,
    },
    invitation: { channel: invitation.channel, requestType: invitation.requestType, complaintCategory: invitation.complaintCategory, agentName: row.agentName, branch: invitation.branch, sentAt: invitation.createdAt },
    customer: row.customerName ? { name: maskName(row.customerName), mobile: mobile ? maskMobile(mobile) : null } : null,
    review: review ? { tags: review.tags, note: review.noteEnc ? ctx.cipher.decrypt(review.noteEnc) : null, reviewedAt: review.reviewedAt } : null,
    followUp: followUp
      ? {
          id: followUp.id,
          status: followUp.status,
          assigneeName: row.assigneeName,
          note: followUp.noteEnc ? ctx.cipher.decrypt(followUp.noteEnc) : null,
          action: followUp.actionEnc ? ctx.cipher.decrypt(followUp.actionEnc) : null,
          closedAt: followUp.closedAt,
        }
      : null,
    context: await subjectContext(ctx, input.actor, answer.subjectType, answer.subjectId),
    canReview,
  };
}

export type QualitySurveyView = Awaited<ReturnType<typeof getQualitySurvey>>;
