import { and, asc, count, eq, gt, inArray, lte, ne, type SQL } from "drizzle-orm";
import { complaints, users, type ComplaintCategory, type ComplaintChannel } from "../../db/schema";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { AT_RISK_MS, slaStateAt, type ComplaintSlaState } from "./complaint-deadlines";
import type { ComplaintStatus } from "./complaint-lifecycle";
import { COMPLAINT_READ_ROLES, isUndecided, UNDECIDED_STATUSES } from "./desk-complaint-access";
import { notRetained } from "../privacy/privacy-access";

export type DeskComplaintFilter = {
  mine?: boolean;
  status?: ComplaintStatus;
  sla?: "at_risk" | "overdue";
  channel?: ComplaintChannel;
  category?: ComplaintCategory;
};

/** Where an undecided complaint stands against its deadline; after the decision none applies. */
export function deadlineView(complaint: { status: ComplaintStatus; dueAt: Date }, now: Date): { slaState: ComplaintSlaState | null; msLeft: number | null } {
  if (!isUndecided(complaint.status)) return { slaState: null, msLeft: null };
  return { slaState: slaStateAt(complaint.dueAt, now), msLeft: complaint.dueAt.getTime() - now.getTime() };
}

function slaCondition(sla: "at_risk" | "overdue", now: Date): SQL {
  const undecided = inArray(complaints.status, [...UNDECIDED_STATUSES]);
  if (sla === "overdue") return and(undecided, lte(complaints.dueAt, now))!;
  return and(undecided, gt(complaints.dueAt, now), lte(complaints.dueAt, new Date(now.getTime() + AT_RISK_MS)))!;
}

/**
 * The desk's complaint queue, soonest due first. Without a status filter it shows the
 * complaints still open (archived ones are found by asking for them).
 */
export async function findDeskComplaints(ctx: DomainContext, input: { actor: StaffActor; filter: DeskComplaintFilter; limit?: number }) {
  requireAnyRole(input.actor, COMPLAINT_READ_ROLES);
  const { filter } = input;
  const now = ctx.now();
  const conditions: SQL[] = [filter.status ? eq(complaints.status, filter.status) : ne(complaints.status, "archived")];
  if (filter.mine) conditions.push(eq(complaints.investigatorId, input.actor.userId));
  if (filter.sla) conditions.push(slaCondition(filter.sla, now));
  if (filter.channel) conditions.push(eq(complaints.channel, filter.channel));
  if (filter.category) conditions.push(eq(complaints.category, filter.category));
  conditions.push(notRetained(ctx.db, complaints.customerId));
  const rows = await ctx.db
    .select({
      number: complaints.number,
      category: complaints.category,
      channel: complaints.channel,
      status: complaints.status,
      severity: complaints.severity,
      reopenCount: complaints.reopenCount,
      acceptedAt: complaints.acceptedAt,
      dueAt: complaints.dueAt,
      investigatorName: users.name,
    })
    .from(complaints)
    .leftJoin(users, eq(users.id, complaints.investigatorId))
    .where(and(...conditions))
    .orderBy(asc(complaints.dueAt), asc(complaints.acceptedAt))
    .limit(input.limit ?? 200);
  return rows.map((row) => ({ ...row, ...deadlineView(row, now) }));
}

/** For the desk's home: how many complaints wait, are at risk or overdue, and are the viewer's. */
export async function countDeskComplaints(ctx: DomainContext, input: { actor: StaffActor }) {
  requireAnyRole(input.actor, COMPLAINT_READ_ROLES);
  const now = ctx.now();
  const counted = async (condition: SQL) =>
    Number((await ctx.db.select({ n: count() }).from(complaints).where(and(condition, notRetained(ctx.db, complaints.customerId))))[0]?.n ?? 0);
  return {
    open: await counted(ne(complaints.status, "archived")),
    atRisk: await counted(slaCondition("at_risk", now)),
    overdue: await counted(slaCondition("overdue", now)),
    mine: await counted(and(ne(complaints.status, "archived"), eq(complaints.investigatorId, input.actor.userId))!),
    // Waiting for a supervisor to assign someone.
    unassigned: await counted(inArray(complaints.status, ["acknowledged", "reopened", "review_requested"])),
  };
}
