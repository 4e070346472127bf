import { z } from "zod";
import { complaintCategories, requestTypes, serviceChannels } from "../../db/schema/enums";
import { CHINA_OFFSET_MS } from "../calendar/working-day-calendar";

const DAY_MS = 86_400_000;
/** A custom period longer than this is refused: the figures would mean little and cost much. */
export const MAX_PERIOD_DAYS = 366;
/** Longer periods are charted per week, shorter ones per day. */
export const DAILY_TREND_MAX_DAYS = 31;

export const PERIOD_KINDS = ["7d", "30d", "90d", "month", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const DateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional()).catch(undefined);

/**
 * The dashboard's query string. Every field falls back on its own: a bad value never fails the
 * page, it is dropped (and the period falls back to the last 30 days with a message).
 */
export const QualityQuerySchema = z.object({
  period: z.enum(PERIOD_KINDS).catch("30d"),
  month: optional(MonthSchema),
  from: optional(DateSchema),
  to: optional(DateSchema),
  channel: optional(z.enum(serviceChannels)),
  requestType: optional(z.enum(requestTypes)),
  complaintCategory: optional(z.enum(complaintCategories)),
  agent: optional(z.uuid()),
  branch: optional(z.string().trim().min(1).max(80)),
});
export type QualityQuery = z.infer<typeof QualityQuerySchema>;

export interface QualityFilters {
  channel?: QualityQuery["channel"];
  requestType?: QualityQuery["requestType"];
  complaintCategory?: QualityQuery["complaintCategory"];
  agent?: string;
  branch?: string;
}

const FILTER_KEYS = ["channel", "requestType", "complaintCategory", "agent", "branch"] as const satisfies readonly (keyof QualityFilters)[];

/**
 * The query string of a resolved query: what the dashboard's links (its exports, the survey list)
 * carry so they show the same period and filters. Only the period's own fields are kept.
 */
export function qualityQueryString(query: QualityQuery): string {
  const params = new URLSearchParams({ period: query.period });
  if (query.period === "month" && query.month) params.set("month", query.month);
  if (query.period === "custom" && query.from && query.to) {
    params.set("from", query.from);
    params.set("to", query.to);
  }
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** A half-open interval of instants [from, to), whole China days. */
export interface Period {
  kind: PeriodKind;
  from: Date;
  to: Date;
  /** China dates, inclusive, for display: YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  days: number;
}

export interface ResolvedQuality {
  query: QualityQuery;
  period: Period;
  previous: Period;
  filters: QualityFilters;
  /** i18n keys of what was dropped or corrected. */
  messages: ("quality.period.invalid" | "quality.period.too_long" | "quality.filter.invalid")[];
}

/** The instant a China date (YYYY-MM-DD) begins. */
export function chinaDayStart(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS);
}

export function chinaDay(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function isRealDate(day: string): boolean {
  return chinaDay(chinaDayStart(day)) === day;
}

function makePeriod(kind: PeriodKind, from: Date, to: Date): Period {
  return {
    kind,
    from,
    to,
    firstDay: chinaDay(from),
    lastDay: chinaDay(new Date(to.getTime() - 1)),
    days: Math.round((to.getTime() - from.getTime()) / DAY_MS),
  };
}

function lastDays(kind: PeriodKind, days: number, now: Date): Period {
  const to = new Date(chinaDayStart(chinaDay(now)).getTime() + DAY_MS);
  return makePeriod(kind, new Date(to.getTime() - days * DAY_MS), to);
}

function monthPeriod(month: string): Period {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS);
  const to = new Date(Date.UTC(y, m, 1) - CHINA_OFFSET_MS);
  return makePeriod("month", from, to);
}

/** The period just before: the previous calendar month for a month, else as many days before. */
export function previousPeriod(period: Period): Period {
  if (period.kind === "month") {
    const [y, m] = period.firstDay.split("-").map(Number) as [number, number];
    const prev = new Date(Date.UTC(y, m - 2, 1));
    return monthPeriod(prev.toISOString().slice(0, 7));
  }
  return makePeriod(period.kind, new Date(period.from.getTime() - period.days * DAY_MS), period.from);
}

/** Reads the dashboard's query string; never throws. */
export function resolveQualityQuery(params: URLSearchParams | Record<string, unknown>, now: Date): ResolvedQuality {
  const raw: Record<string, unknown> =
    params instanceof URLSearchParams ? Object.fromEntries([...params.keys()].map((k) => [k, params.get(k)])) : params;
  const query = QualityQuerySchema.parse(raw);
  const messages: ResolvedQuality["messages"] = [];
  if (raw.period !== undefined && raw.period !== query.period) messages.push("quality.period.invalid");
  for (const key of FILTER_KEYS) {
    if (typeof raw[key] === "string" && raw[key] !== "" && query[key] === undefined) {
      messages.push("quality.filter.invalid");
      break;
    }
  }

  let period: Period;
  switch (query.period) {
    case "7d":
      period = lastDays("7d", 7, now);
      break;
    case "90d":
      period = lastDays("90d", 90, now);
      break;
    case "month":
      if (!query.month) {
        if (raw.month) messages.push("quality.period.invalid");
        query.month = chinaDay(now).slice(0, 7);
      }
      period = monthPeriod(query.month);
      break;
    case "custom": {
      const { from, to } = query;
      if (!from || !to || !isRealDate(from) || !isRealDate(to) || from > to) {
        messages.push("quality.period.invalid");
        query.period = "30d";
        period = lastDays("30d", 30, now);
        break;
      }
      const candidate = makePeriod("custom", chinaDayStart(from), new Date(chinaDayStart(to).getTime() + DAY_MS));
      if (candidate.days > MAX_PERIOD_DAYS) {
        messages.push("quality.period.too_long");
        query.period = "30d";
        period = lastDays("30d", 30, now);
        break;
      }
      period = candidate;
      break;
    }
    default:
      period = lastDays("30d", 30, now);
  }
  const filters: QualityFilters = {
    channel: query.channel,
    requestType: query.requestType,
    complaintCategory: query.complaintCategory,
    agent: query.agent,
    branch: query.branch,
  };
  return { query, period, previous: previousPeriod(period), filters, messages: [...new Set(messages)] };
}
