import { and, gte, lt, sql, type SQL } from "drizzle-orm";
import { complaints, type ComplaintBusinessLine, type ComplaintCategory, type ComplaintChannel } from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { requireQualityReader } from "./quality-access";
import type { Period } from "./quality-filters";

/** The JR/T 0169 dimensions of the complaint statistics: channel, business type, cause. */
export type ComplaintDimension = "channel" | "businessLine" | "category";

/**
 * What became of the complaints received in the period, by the time the figures are read: a
 * complaint received on the last day is rarely decided by then, and a reopening can come later.
 */
export interface ComplaintCounts {
  received: number;
  decided: number;
  decidedInTime: number;
  reopened: number;
}

export interface ComplaintStatistics {
  total: ComplaintCounts;
  channel: (ComplaintCounts & { value: ComplaintChannel })[];
  businessLine: (ComplaintCounts & { value: ComplaintBusinessLine })[];
  category: (ComplaintCounts & { value: ComplaintCategory })[];
}

const int = (expr: SQL) => sql`(${expr})::int`.mapWith(Number);

/**
 * The complaints received (accepted) in the period, counted by channel, by business type and by
 * cause, and in total: one pass over the period's rows (grouping sets), by the accepted-at index.
 */
export async function computeComplaintStatistics(ctx: DomainContext, input: { actor: StaffActor; period: Period }): Promise<ComplaintStatistics> {
  requireQualityReader(input.actor);
  const rows = await ctx.db
    .select({
      channel: complaints.channel,
      businessLine: complaints.businessLine,
      category: complaints.category,
      byChannel: int(sql`grouping(${complaints.channel})`),
      byBusinessLine: int(sql`grouping(${complaints.businessLine})`),
      byCategory: int(sql`grouping(${complaints.category})`),
      received: int(sql`count(*)`),
      decided: int(sql`count(${complaints.decidedAt})`),
      decidedInTime: int(sql`count(*) filter (where ${complaints.decidedAt} <= ${complaints.dueAt})`),
      reopened: int(sql`count(*) filter (where ${complaints.reopenCount} > 0)`),
    })
    .from(complaints)
    .where(and(gte(complaints.acceptedAt, input.period.from), lt(complaints.acceptedAt, input.period.to)))
    .groupBy(sql`grouping sets ((${complaints.channel}), (${complaints.businessLine}), (${complaints.category}), ())`);

  const counts = ({ received, decided, decidedInTime, reopened }: ComplaintCounts): ComplaintCounts => ({ received, decided, decidedInTime, reopened });
  // Most complaints first; ties in a fixed order so that the report reads the same each time.
  const order = <T extends ComplaintCounts & { value: string }>(list: T[]) => list.sort((a, b) => b.received - a.received || (a.value < b.value ? -1 : 1));
  const total = rows.find((r) => r.byChannel + r.byBusinessLine + r.byCategory === 3);
  return {
    total: total ? counts(total) : { received: 0, decided: 0, decidedInTime: 0, reopened: 0 },
    channel: order(rows.filter((r) => r.byChannel === 0).map((r) => ({ value: r.channel, ...counts(r) }))),
    businessLine: order(rows.filter((r) => r.byBusinessLine === 0).map((r) => ({ value: r.businessLine, ...counts(r) }))),
    category: order(rows.filter((r) => r.byCategory === 0).map((r) => ({ value: r.category, ...counts(r) }))),
  };
}
