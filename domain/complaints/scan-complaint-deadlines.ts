import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import { complaints } from "../../db/schema";
import { emailSupervisors } from "../accounts/email-supervisors";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { UNDECIDED_STATUSES } from "./desk-complaint-access";

/**
 * The background check of complaint deadlines (SPEC §3): an undecided complaint past its
 * decision deadline alerts the supervisors by email, once. The alert is claimed by setting
 * `overdue_alerted_at` where it is still empty, so with several instances running the job only
 * one sends it. A later extension or a reopening clears the mark, so a new deadline missed is
 * alerted again.
 */
export async function scanComplaintDeadlines(ctx: DomainContext): Promise<{ alerted: number }> {
  const now = ctx.now();
  const due = await ctx.db
    .select({ id: complaints.id })
    .from(complaints)
    .where(and(inArray(complaints.status, [...UNDECIDED_STATUSES]), lte(complaints.dueAt, now), isNull(complaints.overdueAlertedAt)))
    .limit(500);
  let alerted = 0;
  for (const { id } of due) {
    await ctx.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(complaints)
        .set({ overdueAlertedAt: now })
        .where(
          and(
            eq(complaints.id, id),
            isNull(complaints.overdueAlertedAt),
            // Still undecided and overdue: it may have been decided or extended since the select.
            inArray(complaints.status, [...UNDECIDED_STATUSES]),
            lte(complaints.dueAt, now),
          ),
        )
        .returning({ number: complaints.number, dueAt: complaints.dueAt, status: complaints.status });
      if (!claimed) return; // another instance got there first
      alerted += 1;
      await emailSupervisors(ctx, tx, { template: "complaint.supervisor_alert", params: { number: claimed.number, alert: "overdue", dueAt: claimed.dueAt } });
      await recordAudit(tx, {
        actorId: "system:sla",
        action: "complaint.overdue_alerted",
        objectType: "complaint",
        objectId: id,
        after: { status: claimed.status, dueAt: claimed.dueAt },
      });
    });
  }
  return { alerted };
}
