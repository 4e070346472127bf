import { asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { complaints, qualityFollowUps, serviceRequests, surveyAnswers, users } from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { requireQualityReader } from "./quality-access";

const assignees = alias(users, "follow_up_assignee");
const closers = alias(users, "follow_up_closer");

export const FOLLOW_UP_LIMIT = 200;

/**
 * The follow-ups, open ones first (oldest first: they have waited longest), then the most
 * recently closed. Each with its survey's score and subject, so the reviewer can open it.
 */
export async function findFollowUps(ctx: DomainContext, input: { actor: StaffActor }) {
  requireQualityReader(input.actor);
  const rows = await ctx.db
    .select({
      followUp: qualityFollowUps,
      rating: surveyAnswers.rating,
      requestNumber: serviceRequests.number,
      complaintNumber: complaints.number,
      assigneeName: assignees.name,
      closedByName: closers.name,
    })
    .from(qualityFollowUps)
    .innerJoin(surveyAnswers, eq(surveyAnswers.id, qualityFollowUps.surveyAnswerId))
    .leftJoin(serviceRequests, sql`${qualityFollowUps.subjectType} = 'request' and ${serviceRequests.id} = ${qualityFollowUps.subjectId}`)
    .leftJoin(complaints, sql`${qualityFollowUps.subjectType} = 'complaint' and ${complaints.id} = ${qualityFollowUps.subjectId}`)
    .leftJoin(assignees, eq(assignees.id, qualityFollowUps.assigneeId))
    .leftJoin(closers, eq(closers.id, qualityFollowUps.closedBy))
    .orderBy(
      sql`case when ${qualityFollowUps.status} = 'open' then 0 else 1 end`,
      asc(sql`case when ${qualityFollowUps.status} = 'open' then ${qualityFollowUps.createdAt} end`),
      desc(qualityFollowUps.closedAt),
      desc(qualityFollowUps.id),
    )
    .limit(FOLLOW_UP_LIMIT);
  return rows.map(({ followUp, rating, requestNumber, complaintNumber, assigneeName, closedByName }) => ({
    id: followUp.id,
    surveyAnswerId: followUp.surveyAnswerId,
    subjectType: followUp.subjectType,
    number: requestNumber ?? complaintNumber ?? null,
    status: followUp.status,
    rating,
    createdAt: followUp.createdAt,
    assigneeId: followUp.assigneeId,
    assigneeName,
    note: followUp.noteEnc ? ctx.cipher.decrypt(followUp.noteEnc) : null,
    action: followUp.actionEnc ? ctx.cipher.decrypt(followUp.actionEnc) : null,
    closedAt: followUp.closedAt,
    closedByName,
  }));
}
