import { and, desc, eq, gte, isNotNull, isNull, lt, lte, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  complaints,
  qualityFollowUps,
  serviceRequests,
  surveyAnswers,
  surveyInvitations,
  surveyReviews,
  users,
  type QualityFollowUp,
  type ServiceChannel,
  type SurveySubject,
  type SurveyTag,
} from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { requireQualityReader } from "./quality-access";
import { dayAfter, dayStart, type SurveyFilter } from "./survey-filters";

/** One answered survey as the reviewers' list shows it; nothing that identifies the customer. */
export interface QualitySurveyRow {
  id: string;
  answeredAt: Date;
  subjectType: SurveySubject;
  /** The request's or complaint's acceptance number; null for a chat. */
  number: string | null;
  channel: ServiceChannel;
  agentName: string | null;
  branch: string | null;
  rating: number;
  resolved: boolean | null;
  hasComment: boolean;
  tags: SurveyTag[];
  followUpStatus: QualityFollowUp["status"] | null;
}

export const SURVEY_PAGE = 50;

const agents = alias(users, "survey_agent");

function conditions(filter: SurveyFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.scoreMin !== undefined) where.push(gte(surveyAnswers.rating, filter.scoreMin));
  if (filter.scoreMax !== undefined) where.push(lte(surveyAnswers.rating, filter.scoreMax));
  if (filter.comment === "yes") where.push(isNotNull(surveyAnswers.commentEnc));
  if (filter.comment === "no") where.push(isNull(surveyAnswers.commentEnc));
  if (filter.channel) where.push(eq(surveyInvitations.channel, filter.channel));
  if (filter.subject) where.push(eq(surveyAnswers.subjectType, filter.subject));
  if (filter.agent) where.push(eq(surveyInvitations.agentId, filter.agent));
  if (filter.requestType) where.push(eq(surveyInvitations.requestType, filter.requestType));
  if (filter.complaintCategory) where.push(eq(surveyInvitations.complaintCategory, filter.complaintCategory));
  if (filter.branch) where.push(eq(surveyInvitations.branch, filter.branch));
  if (filter.from) where.push(gte(surveyAnswers.createdAt, dayStart(filter.from)));
  if (filter.to) where.push(lt(surveyAnswers.createdAt, dayAfter(filter.to)));
  return where;
}

/** Where the previous page ended: the last row's answer time and id (newest first, ties by id). */
export interface SurveyCursor {
  at: Date;
  id: string;
}

export function encodeCursor(cursor: SurveyCursor): string {
  return `${cursor.at.toISOString()}_${cursor.id}`;
}

/** A cursor from a page's address, or null when it is missing or malformed. */
export function decodeCursor(value: string | null | undefined): SurveyCursor | null {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/i.exec(value ?? "");
  if (!match) return null;
  const at = new Date(match[1]!);
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2]! };
}

/**
 * One page of answered surveys matching the filter, newest first, after `after`. Keyset
 * paging: a page costs the same at row 100,000 as at row 1, and rows arriving meanwhile shift
 * nothing. `withComment` decrypts the comments too (the exports carry them).
 */
export async function selectSurveyPage(
  ctx: DomainContext,
  input: { filter: SurveyFilter; after?: SurveyCursor | null; limit: number; withComment?: boolean },
): Promise<(QualitySurveyRow & { comment: string | null })[]> {
  const where = conditions(input.filter);
  if (input.after) {
    // The plain bound on the time lets the time index do the work; the OR settles ties.
    where.push(lte(surveyAnswers.createdAt, input.after.at));
    where.push(or(lt(surveyAnswers.createdAt, input.after.at), lt(surveyAnswers.id, input.after.id))!);
  }
  const rows = await ctx.db
    .select({
      id: surveyAnswers.id,
      answeredAt: surveyAnswers.createdAt,
      subjectType: surveyAnswers.subjectType,
      requestNumber: serviceRequests.number,
      complaintNumber: complaints.number,
      channel: surveyInvitations.channel,
      agentName: agents.name,
      branch: surveyInvitations.branch,
      rating: surveyAnswers.rating,
      resolved: surveyAnswers.resolved,
      commentEnc: surveyAnswers.commentEnc,
      tags: surveyReviews.tags,
      followUpStatus: qualityFollowUps.status,
    })
    .from(surveyAnswers)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, surveyAnswers.invitationId))
    .leftJoin(agents, eq(agents.id, surveyInvitations.agentId))
    .leftJoin(serviceRequests, and(eq(surveyAnswers.subjectType, "request"), eq(serviceRequests.id, surveyAnswers.subjectId)))
    .leftJoin(complaints, and(eq(surveyAnswers.subjectType, "complaint"), eq(complaints.id, surveyAnswers.subjectId)))
    .leftJoin(surveyReviews, eq(surveyReviews.surveyAnswerId, surveyAnswers.id))
    .leftJoin(qualityFollowUps, eq(qualityFollowUps.surveyAnswerId, surveyAnswers.id))
    .where(and(...where))
    .orderBy(desc(surveyAnswers.createdAt), desc(surveyAnswers.id))
    .limit(input.limit);
  return rows.map(({ requestNumber, complaintNumber, commentEnc, tags, ...row }) => ({
    ...row,
    number: requestNumber ?? complaintNumber ?? null,
    hasComment: commentEnc !== null,
    comment: input.withComment && commentEnc ? ctx.cipher.decrypt(commentEnc) : null,
    tags: tags ?? [],
  }));
}

/** The reviewers' list: one page of answered surveys and where the next one starts. */
export async function findQualitySurveys(
  ctx: DomainContext,
  input: { actor: StaffActor; filter: SurveyFilter; after?: SurveyCursor | null },
): Promise<{ rows: QualitySurveyRow[]; next: string | null }> {
  requireQualityReader(input.actor);
  const page = await selectSurveyPage(ctx, { filter: input.filter, after: input.after, limit: SURVEY_PAGE + 1 });
  const rows = page.slice(0, SURVEY_PAGE).map(({ comment: _comment, ...row }) => row);
  const last = rows.at(-1);
  return { rows, next: page.length > SURVEY_PAGE && last ? encodeCursor({ at: last.answeredAt, id: last.id }) : null };
}

/** Who a survey may be filtered by: the staff any survey credits. */
export async function findSurveyAgents(ctx: DomainContext, input: { actor: StaffActor }): Promise<{ id: string; name: string }[]> {
  requireQualityReader(input.actor);
  return ctx.db
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(surveyInvitations, eq(surveyInvitations.agentId, users.id))
    .orderBy(users.name, users.id);
}
