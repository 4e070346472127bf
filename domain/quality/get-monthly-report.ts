import { and, asc, count, eq, gte, lt, type SQL } from "drizzle-orm";
import { qualityFollowUps, surveyAnswers, type SurveySubject } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { StaffActor } from "../service-requests/request-access";
import { computeComplaintStatistics } from "./complaint-statistics";
import { computeDashboard, trend, weakestAreas } from "./dashboard-figures";
import { requireQualityReader } from "./quality-access";
import { resolveQualityQuery, type Period } from "./quality-filters";

/** The report lists at most this many actions; the counts above the list are always complete. */
export const REPORT_ACTIONS_LIMIT = 100;

/**
 * The report's month from the address (YYYY-MM, up to the current month in China time). Without
 * one it is the last full month; a bad or future one falls back to it too, flagged `invalid`.
 */
export function resolveReportMonth(raw: unknown, now: Date): { month: string; invalid: boolean } {
  const current = resolveQualityQuery({ period: "month" }, now);
  const lastFull = current.previous.firstDay.slice(0, 7);
  if (raw === undefined || raw === null || raw === "") return { month: lastFull, invalid: false };
  const asked = resolveQualityQuery({ period: "month", month: raw }, now);
  const valid = typeof raw === "string" && asked.messages.length === 0 && asked.query.month === raw && raw <= current.period.firstDay.slice(0, 7);
  return valid ? { month: raw, invalid: false } : { month: lastFull, invalid: true };
}

export interface FollowUpAction {
  closedAt: Date;
  subjectType: SurveySubject;
  /** The survey score that opened the follow-up. */
  rating: number;
  action: string;
}

const countOf = async (ctx: DomainContext, where: SQL | undefined) =>
  (await ctx.db.select({ n: count() }).from(qualityFollowUps).where(where))[0]?.n ?? 0;

/**
 * Follow-ups opened and closed in the month, those still open at its end, and the actions taken
 * on the ones closed — without the customer or the case: the report is shared beyond the team.
 */
async function summarizeFollowUps(ctx: DomainContext, period: Period) {
  const f = qualityFollowUps;
  // Open at the end: not closed yet, or closed only after it. Two counts, each on its own index.
  const [opened, closed, stillOpen, closedLater, rows] = await Promise.all([
    countOf(ctx, and(gte(f.createdAt, period.from), lt(f.createdAt, period.to))),
    countOf(ctx, and(gte(f.closedAt, period.from), lt(f.closedAt, period.to))),
    countOf(ctx, and(eq(f.status, "open"), lt(f.createdAt, period.to))),
    countOf(ctx, and(gte(f.closedAt, period.to), lt(f.createdAt, period.to))),
    ctx.db
      .select({ closedAt: f.closedAt, subjectType: f.subjectType, rating: surveyAnswers.rating, actionEnc: f.actionEnc })
      .from(f)
      .innerJoin(surveyAnswers, eq(surveyAnswers.id, f.surveyAnswerId))
      .where(and(gte(f.closedAt, period.from), lt(f.closedAt, period.to)))
      .orderBy(asc(f.closedAt), asc(f.id))
      .limit(REPORT_ACTIONS_LIMIT),
  ]);
  const actions = rows.flatMap((r): FollowUpAction[] =>
    r.closedAt && r.actionEnc ? [{ closedAt: r.closedAt, subjectType: r.subjectType, rating: r.rating, action: ctx.cipher.decrypt(r.actionEnc) }] : [],
  );
  return { opened, closed, openAtEnd: stillOpen + closedLater, actions };
}

/**
 * The monthly service-quality report: the month's figures against the month before, the
 * satisfaction trend, the weakest areas, the complaint statistics by the JR/T 0169 dimensions,
 * and what was done about the follow-ups. Whole service, no filters; aggregates only: no customer
 * and no member of staff is named.
 */
export async function getMonthlyReport(ctx: DomainContext, input: { actor: StaffActor; month: string }) {
  requireQualityReader(input.actor);
  const now = ctx.now();
  const { month, invalid } = resolveReportMonth(input.month, now);
  if (invalid) throw new AppError("INVALID_INPUT", { message: `no report for month ${input.month}`, userMessage: "quality.report.month_invalid" });
  const { period, previous } = resolveQualityQuery({ period: "month", month }, now);
  const dashboard = { actor: input.actor, period, previous, filters: {} };
  const [figures, satisfactionTrend, weakest, complaints, followUps] = await Promise.all([
    computeDashboard(ctx, dashboard),
    trend(ctx, dashboard),
    weakestAreas(ctx, dashboard),
    computeComplaintStatistics(ctx, { actor: input.actor, period }),
    summarizeFollowUps(ctx, period),
  ]);
  return {
    month,
    period: { firstDay: period.firstDay, lastDay: period.lastDay },
    previous: { firstDay: previous.firstDay, lastDay: previous.lastDay },
    generatedAt: now,
    figures,
    trend: satisfactionTrend,
    // Staff are named nowhere in the report: it is read beyond the quality team.
    weakest: weakest.filter((area) => area.dimension !== "agent"),
    complaints,
    followUps,
  };
}

export type MonthlyReport = Awaited<ReturnType<typeof getMonthlyReport>>;
