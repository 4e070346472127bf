import { and, eq, gte, inArray, isNotNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { complaints, conversations, serviceRequests, surveyDaily, users, type StaffRole } from "../../db/schema";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { chinaDayStart, DAILY_TREND_MAX_DAYS, type Period, type QualityFilters } from "./quality-filters";

/** Who reads the dashboard. */
export const QUALITY_DASHBOARD_ROLES: readonly StaffRole[] = ["quality", "supervisor", "admin"];
/** A group with fewer answers (or cases) than this is never called a weak area: too few to judge. */
export const WEAKEST_MIN_VOLUME = 5;
/** How many rows each dimension lists among the weakest areas. */
export const WEAKEST_PER_DIMENSION = 3;

export type FilterKey = keyof QualityFilters;
const ALL_FILTERS: readonly FilterKey[] = ["channel", "requestType", "complaintCategory", "agent", "branch"];

export const FIGURE_KEYS = [
  "satisfaction_average",
  "satisfaction_top_share",
  "response_rate",
  "resolved_rate",
  "sla_compliance",
  "complaint_within_deadline",
  "reopen_rate",
  "request_handling_average",
  "request_handling_p90",
  "complaint_handling_average",
  "complaint_handling_p90",
  "chat_wait_average",
  "chat_wait_p90",
  "bot_containment",
  "complaints_per_10k",
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

/** rating: 1–5; ratio: 0–1; seconds: a duration; per10k: a rate per 10,000 customers. */
export type FigureUnit = "rating" | "ratio" | "seconds" | "per10k";

export interface FigureValue {
  value: number | null;
  /** The raw counts behind the value: numerator and denominator, or the number of cases. */
  counts: { numerator?: number; denominator: number };
}

export interface Figure {
  key: FigureKey;
  unit: FigureUnit;
  /** Whether a rise is good news. */
  better: "higher" | "lower";
  current: FigureValue;
  previous: FigureValue;
  /** current − previous, when both exist. */
  change: number | null;
  /** Filters set by the viewer that this figure cannot be cut by (it shows them all). */
  ignoredFilters: FilterKey[];
}

export interface DashboardInput {
  actor: StaffActor;
  period: Period;
  previous: Period;
  filters: QualityFilters;
}

type Bucketed<T> = { current: T; previous: T };

// NOTE: every aggregate is cast in SQL and mapped with Number: node-postgres returns int8 and
// numeric as strings, PGlite as numbers.
const int = (expr: SQL) => sql`(${expr})::int`.mapWith(Number);
const float = (expr: SQL) => sql`(${expr})::float8`.mapWith((v: unknown) => (v === null ? null : Number(v)));

function ratio(numerator: number, denominator: number): FigureValue {
  return { value: denominator > 0 ? numerator / denominator : null, counts: { numerator, denominator } };
}

function figure(key: FigureKey, unit: FigureUnit, better: Figure["better"], values: Bucketed<FigureValue>, applies: readonly FilterKey[], filters: QualityFilters): Figure {
  const { current, previous } = values;
  return {
    key,
    unit,
    better,
    current,
    previous,
    change: current.value !== null && previous.value !== null ? current.value - previous.value : null,
    ignoredFilters: ALL_FILTERS.filter((f) => filters[f] !== undefined && !applies.includes(f)),
  };
}

/** Splits rows grouped by "in the current period" into the two periods. */
function split<R extends { isCurrent: boolean }>(rows: R[], empty: R): Bucketed<R> {
  return {
    current: rows.find((r) => r.isCurrent) ?? empty,
    previous: rows.find((r) => !r.isCurrent) ?? { ...empty, isCurrent: false },
  };
}

// --- Surveys --------------------------------------------------------------------------------
// Survey figures read the daily rollup (survey_daily, kept by triggers): a 90-day period is a few
// hundred thousand rows at most, whatever the number of surveys.

function surveyConditions(filters: QualityFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.channel) conditions.push(eq(surveyDaily.channel, filters.channel));
  if (filters.requestType) conditions.push(eq(surveyDaily.requestType, filters.requestType));
  if (filters.complaintCategory) conditions.push(eq(surveyDaily.complaintCategory, filters.complaintCategory));
  if (filters.agent) conditions.push(eq(surveyDaily.agentId, filters.agent));
  if (filters.branch) conditions.push(eq(surveyDaily.branch, filters.branch));
  return conditions;
}

/** The rollup's rows from the first day of `from` to the last day of `to`, filtered. */
function surveyDays(from: Period, to: Period, filters: QualityFilters): SQL | undefined {
  return and(gte(surveyDaily.day, from.firstDay), lte(surveyDaily.day, to.lastDay), ...surveyConditions(filters));
}

const SURVEY_FILTERS: readonly FilterKey[] = ALL_FILTERS;

async function surveyFigures(ctx: DomainContext, input: Omit<DashboardInput, "actor">) {
  const isCurrent = sql<boolean>`${surveyDaily.day} >= ${input.period.firstDay}`;
  const total = (column: AnyPgColumn) => int(sql`coalesce(sum(${column}), 0)`);
  const rows = await ctx.db
    .select({
      isCurrent,
      sent: total(surveyDaily.sent),
      answered: total(surveyDaily.sentAnswered),
      answers: total(surveyDaily.answers),
      ratingSum: total(surveyDaily.ratingSum),
      satisfied: total(surveyDaily.satisfied),
      resolvedAnswered: total(surveyDaily.resolvedAnswered),
      resolved: total(surveyDaily.resolved),
    })
    .from(surveyDaily)
    .where(surveyDays(input.previous, input.period, input.filters))
    .groupBy(sql`1`);
  return split(rows, { isCurrent: true, sent: 0, answered: 0, answers: 0, ratingSum: 0, satisfied: 0, resolvedAnswered: 0, resolved: 0 });
}

// --- Service requests -----------------------------------------------------------------------

const REQUEST_FILTERS: readonly FilterKey[] = ["channel", "requestType", "agent"];

/** Requests are made in the portal: any other channel has none. */
function requestConditions(filters: QualityFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.channel && filters.channel !== "portal") conditions.push(sql`false`);
  if (filters.requestType) conditions.push(eq(serviceRequests.type, filters.requestType));
  if (filters.agent) conditions.push(eq(serviceRequests.reviewedBy, filters.agent));
  return conditions;
}

/** The preliminary review ends with the first acceptance or rejection (`reviewedAt`). */
async function reviewFigures(ctx: DomainContext, input: Omit<DashboardInput, "actor">) {
  const isCurrent = sql<boolean>`${serviceRequests.reviewedAt} >= ${input.period.from}`;
  const rows = await ctx.db
    .select({
      isCurrent,
      reviewed: int(sql`count(*)`),
      inTime: int(sql`count(*) filter (where ${serviceRequests.reviewedAt} <= ${serviceRequests.dueAt})`),
    })
    .from(serviceRequests)
    .where(and(gte(serviceRequests.reviewedAt, input.previous.from), lt(serviceRequests.reviewedAt, input.period.to), isNotNull(serviceRequests.dueAt), ...requestConditions(input.filters)))
    .groupBy(sql`1`);
  return split(rows, { isCurrent: true, reviewed: 0, inTime: 0 });
}

async function requestHandlingFigures(ctx: DomainContext, input: Omit<DashboardInput, "actor">) {
  const isCurrent = sql<boolean>`${serviceRequests.decidedAt} >= ${input.period.from}`;
  const seconds = sql`extract(epoch from (${serviceRequests.decidedAt} - ${serviceRequests.submittedAt}))`;
  const rows = await ctx.db
    .select({
      isCurrent,
      decided: int(sql`count(*)`),
      average: float(sql`avg(${seconds})`),
      p90: float(sql`percentile_cont(0.9) within group (order by ${seconds})`),
    })
    .from(serviceRequests)
    .where(and(gte(serviceRequests.decidedAt, input.previous.from), lt(serviceRequests.decidedAt, input.period.to), ...requestConditions(input.filters)))
    .groupBy(sql`1`);
  return split(rows, { isCurrent: true, decided: 0, average: null, p90: null });
}

// --- Complaints -----------------------------------------------------------------------------

const COMPLAINT_FILTERS: readonly FilterKey[] = ["channel", "complaintCategory", "agent"];

function complaintConditions(filters: QualityFilters, withAgent = true): SQL[] {
  const conditions: SQL[] = [];
  if (filters.channel) conditions.push(eq(complaints.channel, filters.channel));
  if (filters.complaintCategory) conditions.push(eq(complaints.category, filters.complaintCategory));
  if (withAgent && filters.agent) conditions.push(eq(complaints.investigatorId, filters.agent));
  return conditions;
}

async function complaintDecisionFigures(ctx: DomainContext, input: Omit<DashboardInput, "actor">) {
  const isCurrent = sql<boolean>`${complaints.decidedAt} >= ${input.period.from}`;
  const seconds = sql`extract(epoch from (${complaints.decidedAt} - ${complaints.acceptedAt}))`;
  const rows = await ctx.db
    .select({
      isCurrent,
      decided: int(sql`count(*)`),
      inTime: int(sql`count(*) filter (where ${complaints.decidedAt} <= ${complaints.dueAt})`),
      reopened: int(sql`count(*) filter (where ${complaints.reopenCount} > 0)`),
      average: float(sql`avg(${seconds})`),
      p90: float(sql`percentile_cont(0.9) within group (order by ${seconds})`),
    })
    .from(complaints)
    .where(and(gte(complaints.decidedAt, input.previous.from), lt(complaints.decidedAt, input.period.to), ...complaintConditions(input.filters)))
    .groupBy(sql`1`);
  return split(rows, { isCurrent: true, decided: 0, inTime: 0, reopened: 0, average: null, p90: null });
}

const COMPLAINT_VOLUME_FILTERS: readonly FilterKey[] = ["channel", "complaintCategory"];

async function complaintVolumeFigures(ctx: DomainContext, input: Omit<DashboardInput, "actor">) {
  const isCurrent = sql<boolean>`${complaints.acceptedAt} >= ${input.period.from}`;
  const rows = await ctx.db
    .select({ isCurrent, received: int(sql`count(*)`) })
    .from(complaints)
    .where(and(gte(complaints.acceptedAt, input.previous.from), lt(complaints.acceptedAt, input.period.to), ...complaintConditions(input.filters, false)))
    .groupBy(sql`1`);
  // Customers with an account by the end of each period.
  const [customers] = await ctx.db
    .select({
      current: int(sql`count(*) filter (where ${users.createdAt} < ${input.period.to})`),
      previous: int(sql`count(*) filter (where ${users.createdAt} < ${input.previous.to})`),
    })
    .from(users)
    .where(eq(users.kind, "customer"));
  const volume = split(rows, { isCurrent: true, received: 0 });
  return {
    current: { received: volume.current.received, customers: customers?.current ?? 0 },
    previous: { received: volume.previous.received, customers: customers?.previous ?? 0 },
  };
}

// --- Chats ----------------------------------------------------------------------------------

const CHAT_FILTERS: readonly FilterKey[] = ["channel", "agent"];

async function chatFigures(ctx: DomainContext, input: Omit<DashboardInput, "actor">) {
  const waited = sql`extract(epoch from (${conversations.claimedAt} - ${conversations.queuedAt}))`;
  const isCurrent = sql<boolean>`${conversations.closedAt} >= ${input.period.from}`;
  const conditions: SQL[] = [];
  if (input.filters.channel && input.filters.channel !== "chat") conditions.push(sql`false`);
  if (input.filters.agent) conditions.push(eq(conversations.agentId, input.filters.agent));
  const rows = await ctx.db
    .select({
      isCurrent,
      closed: int(sql`count(*)`),
      contained: int(sql`count(*) filter (where ${conversations.agentId} is null)`),
      claimed: int(sql`count(${waited})`),
      average: float(sql`avg(${waited})`),
      p90: float(sql`percentile_cont(0.9) within group (order by ${waited})`),
    })
    .from(conversations)
    .where(and(gte(conversations.closedAt, input.previous.from), lt(conversations.closedAt, input.period.to), ...conditions))
    .groupBy(sql`1`);
  return split(rows, { isCurrent: true, closed: 0, contained: 0, claimed: 0, average: null, p90: null });
}

// --- The dashboard --------------------------------------------------------------------------

function both<T, R>(values: Bucketed<T>, fn: (v: T) => R): Bucketed<R> {
  return { current: fn(values.current), previous: fn(values.previous) };
}

/** Every figure of the period with the previous period's value and the counts behind it. */
export async function computeDashboard(ctx: DomainContext, input: DashboardInput): Promise<Figure[]> {
  requireAnyRole(input.actor, QUALITY_DASHBOARD_ROLES);
  const { filters } = input;
  const [surveys, reviews, requestTimes, decisions, volume, chats] = await Promise.all([
    surveyFigures(ctx, input),
    reviewFigures(ctx, input),
    requestHandlingFigures(ctx, input),
    complaintDecisionFigures(ctx, input),
    complaintVolumeFigures(ctx, input),
    chatFigures(ctx, input),
  ]);
  return [
    figure("satisfaction_average", "rating", "higher", both(surveys, (a) => ({ value: a.answers > 0 ? a.ratingSum / a.answers : null, counts: { denominator: a.answers } })), SURVEY_FILTERS, filters),
    figure("satisfaction_top_share", "ratio", "higher", both(surveys, (a) => ratio(a.satisfied, a.answers)), SURVEY_FILTERS, filters),
    figure("response_rate", "ratio", "higher", both(surveys, (i) => ratio(i.answered, i.sent)), SURVEY_FILTERS, filters),
    figure("resolved_rate", "ratio", "higher", both(surveys, (a) => ratio(a.resolved, a.resolvedAnswered)), SURVEY_FILTERS, filters),
    figure("sla_compliance", "ratio", "higher", both(reviews, (r) => ratio(r.inTime, r.reviewed)), REQUEST_FILTERS, filters),
    figure("complaint_within_deadline", "ratio", "higher", both(decisions, (d) => ratio(d.inTime, d.decided)), COMPLAINT_FILTERS, filters),
    figure("reopen_rate", "ratio", "lower", both(decisions, (d) => ratio(d.reopened, d.decided)), COMPLAINT_FILTERS, filters),
    figure("request_handling_average", "seconds", "lower", both(requestTimes, (r) => ({ value: r.average, counts: { denominator: r.decided } })), REQUEST_FILTERS, filters),
    figure("request_handling_p90", "seconds", "lower", both(requestTimes, (r) => ({ value: r.p90, counts: { denominator: r.decided } })), REQUEST_FILTERS, filters),
    figure("complaint_handling_average", "seconds", "lower", both(decisions, (d) => ({ value: d.average, counts: { denominator: d.decided } })), COMPLAINT_FILTERS, filters),
    figure("complaint_handling_p90", "seconds", "lower", both(decisions, (d) => ({ value: d.p90, counts: { denominator: d.decided } })), COMPLAINT_FILTERS, filters),
    figure("chat_wait_average", "seconds", "lower", both(chats, (c) => ({ value: c.average, counts: { denominator: c.claimed } })), CHAT_FILTERS, filters),
    figure("chat_wait_p90", "seconds", "lower", both(chats, (c) => ({ value: c.p90, counts: { denominator: c.claimed } })), CHAT_FILTERS, filters),
    figure("bot_containment", "ratio", "higher", both(chats, (c) => ratio(c.contained, c.closed)), CHAT_FILTERS, filters),
    figure(
      "complaints_per_10k",
      "per10k",
      "lower",
      both(volume, (v) => ({ value: v.customers > 0 ? (v.received * 10_000) / v.customers : null, counts: { numerator: v.received, denominator: v.customers } })),
      COMPLAINT_VOLUME_FILTERS,
      filters,
    ),
  ];
}

// --- Weakest areas --------------------------------------------------------------------------

export const WEAK_DIMENSIONS = ["complaintCategory", "requestType", "channel", "agent"] as const;
export type WeakDimension = (typeof WEAK_DIMENSIONS)[number];

export interface WeakArea {
  dimension: WeakDimension;
  /** The enumeration value, or the agent's id. */
  value: string;
  /** The agent's name (agents only). */
  label: string | null;
  reason: "quality.weak.low_satisfaction" | "quality.weak.late";
  /** Satisfaction average (1–5) or share on time (0–1). */
  score: number;
  volume: number;
}

/**
 * Per dimension, the groups with the lowest satisfaction (at least WEAKEST_MIN_VOLUME answers),
 * and for complaint categories and request types also the worst share handled on time.
 */
export async function weakestAreas(ctx: DomainContext, input: DashboardInput): Promise<WeakArea[]> {
  requireAnyRole(input.actor, QUALITY_DASHBOARD_ROLES);
  const { period, filters } = input;
  const columns = {
    complaintCategory: surveyDaily.complaintCategory,
    requestType: surveyDaily.requestType,
    channel: surveyDaily.channel,
    agent: surveyDaily.agentId,
  } as const;
  // One pass over the period's answers for all four dimensions (grouping sets), not one each.
  const satisfaction = (async (): Promise<WeakArea[]> => {
    const rows = await ctx.db
      .select({
        complaintCategory: columns.complaintCategory,
        requestType: columns.requestType,
        channel: columns.channel,
        agent: columns.agent,
        byCategory: int(sql`grouping(${columns.complaintCategory})`),
        byType: int(sql`grouping(${columns.requestType})`),
        byChannel: int(sql`grouping(${columns.channel})`),
        answers: int(sql`sum(${surveyDaily.answers})`),
        average: float(sql`sum(${surveyDaily.ratingSum})::float8 / nullif(sum(${surveyDaily.answers}), 0)`),
      })
      .from(surveyDaily)
      .where(surveyDays(period, period, filters))
      .groupBy(sql`grouping sets ((${columns.complaintCategory}), (${columns.requestType}), (${columns.channel}), (${columns.agent}))`)
      .having(sql`sum(${surveyDaily.answers}) >= ${WEAKEST_MIN_VOLUME}`);
    return WEAK_DIMENSIONS.flatMap((dimension) =>
      rows
        .filter((r) =>
          dimension === "complaintCategory" ? r.byCategory === 0 : dimension === "requestType" ? r.byType === 0 : dimension === "channel" ? r.byChannel === 0 : r.byCategory + r.byType + r.byChannel === 3,
        )
        .flatMap((r) => (r[dimension] !== null && r.average !== null ? [{ value: r[dimension], answers: r.answers, average: r.average }] : []))
        .sort((a, b) => a.average - b.average || (a.value < b.value ? -1 : 1))
        .slice(0, WEAKEST_PER_DIMENSION)
        .map((r): WeakArea => ({ dimension, value: r.value, label: null, reason: "quality.weak.low_satisfaction", score: r.average, volume: r.answers })),
    );
  })();

  const lateComplaints = (async (): Promise<WeakArea[]> => {
    const onTime = sql`avg(case when ${complaints.decidedAt} <= ${complaints.dueAt} then 1.0 else 0.0 end)`;
    const rows = await ctx.db
      .select({ value: complaints.category, decided: int(sql`count(*)`), onTime: float(onTime) })
      .from(complaints)
      .where(and(gte(complaints.decidedAt, period.from), lt(complaints.decidedAt, period.to), ...complaintConditions(filters)))
      .groupBy(complaints.category)
      .having(sql`count(*) >= ${WEAKEST_MIN_VOLUME} and ${onTime} < 1`)
      .orderBy(onTime, complaints.category)
      .limit(WEAKEST_PER_DIMENSION);
    return rows.map((r) => ({ dimension: "complaintCategory", value: r.value, label: null, reason: "quality.weak.late", score: r.onTime ?? 0, volume: r.decided }));
  })();

  const lateRequests = (async (): Promise<WeakArea[]> => {
    const onTime = sql`avg(case when ${serviceRequests.reviewedAt} <= ${serviceRequests.dueAt} then 1.0 else 0.0 end)`;
    const rows = await ctx.db
      .select({ value: serviceRequests.type, reviewed: int(sql`count(*)`), onTime: float(onTime) })
      .from(serviceRequests)
      .where(and(gte(serviceRequests.reviewedAt, period.from), lt(serviceRequests.reviewedAt, period.to), isNotNull(serviceRequests.dueAt), ...requestConditions(filters)))
      .groupBy(serviceRequests.type)
      .having(sql`count(*) >= ${WEAKEST_MIN_VOLUME} and ${onTime} < 1`)
      .orderBy(onTime, serviceRequests.type)
      .limit(WEAKEST_PER_DIMENSION);
    return rows.map((r) => ({ dimension: "requestType", value: r.value, label: null, reason: "quality.weak.late", score: r.onTime ?? 0, volume: r.reviewed }));
  })();

  const areas = (await Promise.all([satisfaction, lateComplaints, lateRequests])).flat();
  const agentIds = areas.filter((a) => a.dimension === "agent").map((a) => a.value);
  if (agentIds.length > 0) {
    const names = await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, agentIds));
    for (const area of areas) if (area.dimension === "agent") area.label = names.find((n) => n.id === area.value)?.name ?? null;
  }
  return areas;
}

// --- Trend ----------------------------------------------------------------------------------

export interface TrendPoint {
  /** The China date the day or week (Monday) starts. */
  start: string;
  answers: number;
  average: number | null;
}

const DAY_S = 86_400;
const CHINA_OFFSET_S = 8 * 3_600;
// 1970-01-01 was a Thursday: weeks counted from Monday 1970-01-05.
const MONDAY_OFFSET_S = 4 * DAY_S;

/** Satisfaction per day (periods up to a month) or per week, empty buckets included. */
export async function trend(ctx: DomainContext, input: DashboardInput): Promise<{ step: "day" | "week"; points: TrendPoint[] }> {
  requireAnyRole(input.actor, QUALITY_DASHBOARD_ROLES);
  const { period, filters } = input;
  const step = period.days <= DAILY_TREND_MAX_DAYS ? "day" : "week";
  const size = step === "day" ? DAY_S : 7 * DAY_S;
  const shift = step === "day" ? CHINA_OFFSET_S : CHINA_OFFSET_S - MONDAY_OFFSET_S;
  const bucketOf = (seconds: number) => Math.floor((seconds + shift) / size);
  const days = await ctx.db
    .select({ day: surveyDaily.day, answers: int(sql`sum(${surveyDaily.answers})`), ratingSum: int(sql`sum(${surveyDaily.ratingSum})`) })
    .from(surveyDaily)
    .where(surveyDays(period, period, filters))
    .groupBy(surveyDaily.day);
  const buckets = new Map<number, { answers: number; ratingSum: number }>();
  for (const { day, answers, ratingSum } of days) {
    const b = bucketOf(chinaDayStart(day).getTime() / 1000);
    const sum = buckets.get(b) ?? { answers: 0, ratingSum: 0 };
    buckets.set(b, { answers: sum.answers + answers, ratingSum: sum.ratingSum + ratingSum });
  }
  const first = bucketOf(period.from.getTime() / 1000);
  const last = bucketOf((period.to.getTime() - 1) / 1000);
  const points: TrendPoint[] = [];
  for (let b = first; b <= last; b++) {
    const sum = buckets.get(b);
    const startS = b * size - shift;
    points.push({
      start: new Date((startS + CHINA_OFFSET_S) * 1000).toISOString().slice(0, 10),
      answers: sum?.answers ?? 0,
      average: sum && sum.answers > 0 ? sum.ratingSum / sum.answers : null,
    });
  }
  return { step, points };
}
