import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { serviceRequests, slaAlerts } from "../../db/schema";
import { emailSupervisors } from "../accounts/email-supervisors";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { REVIEW_STATUSES } from "./request-lifecycle";
import { nextSlaCheckAt, slaStateAt } from "./review-clock";

/** Requests looked at per transaction: a million due at once are worked through in slices. */
const SCAN_BATCH = 500;

/**
 * The background check of review deadlines (SPEC §1): marks requests at risk or overdue and
 * emails the supervisors — once per request and state. It reads only the requests due for a look
 * (`sla_check_at`, set by a trigger whenever the status, due time or pause changes) and writes
 * back when each next needs one. Rows are locked while looked at, so instances scanning together
 * share the work, and the unique alert row keeps an alert from being sent twice.
 */
export async function scanReviewDeadlines(ctx: DomainContext): Promise<{ changed: number; alerted: number }> {
  const now = ctx.now();
  let changed = 0;
  let alerted = 0;
  for (;;) {
    const looked = await ctx.db.transaction(async (tx) => {
      const due = await tx
        .select({
          id: serviceRequests.id,
          number: serviceRequests.number,
          status: serviceRequests.status,
          dueAt: serviceRequests.dueAt,
          clockPausedAt: serviceRequests.clockPausedAt,
          slaState: serviceRequests.slaState,
        })
        .from(serviceRequests)
        .where(lte(serviceRequests.slaCheckAt, now))
        .orderBy(asc(serviceRequests.slaCheckAt))
        .limit(SCAN_BATCH)
        .for("update", { skipLocked: true });
      const next: { id: string; at: Date | null }[] = [];
      for (const request of due) {
        // Out of review, the clock no longer matters; its last state stays on record.
        if (!REVIEW_STATUSES.includes(request.status)) {
          next.push({ id: request.id, at: null });
          continue;
        }
        next.push({ id: request.id, at: nextSlaCheckAt(ctx.calendar, request, now) });
        const state = slaStateAt(ctx.calendar, request, now);
        if (state === request.slaState) continue;
        await tx.update(serviceRequests).set({ slaState: state }).where(eq(serviceRequests.id, request.id));
        changed += 1;
        await recordAudit(tx, {
          actorId: "system:sla",
          action: "request.sla_changed",
          objectType: "service_request",
          objectId: request.id,
          before: { slaState: request.slaState },
          after: { slaState: state },
        });
        if (state === "on_track" || !request.dueAt) continue;
        const fresh = await tx
          .insert(slaAlerts)
          .values({ requestId: request.id, state, at: now })
          .onConflictDoNothing()
          .returning({ requestId: slaAlerts.requestId });
        if (fresh.length === 0) continue;
        alerted += 1;
        await emailSupervisors(ctx, tx, { template: "sla.alert", params: { number: request.number, state, dueAt: request.dueAt } });
      }
      if (next.length > 0) {
        const rows = sql.join(
          next.map((n) => sql`(${n.id}::uuid, ${n.at?.toISOString() ?? null}::timestamptz)`),
          sql`, `,
        );
        await tx.execute(
          sql`update ${serviceRequests} set sla_check_at = next.at from (values ${rows}) as next(id, at) where ${serviceRequests.id} = next.id`,
        );
      }
      return due.length;
    });
    if (looked < SCAN_BATCH) return { changed, alerted };
  }
}

/** Every review on the clock is looked at again by the next scan (the working days changed). */
export async function recheckReviewDeadlines(ctx: DomainContext): Promise<void> {
  await ctx.db
    .update(serviceRequests)
    .set({ slaCheckAt: new Date(0) })
    .where(and(inArray(serviceRequests.status, [...REVIEW_STATUSES]), isNotNull(serviceRequests.dueAt), isNull(serviceRequests.clockPausedAt)));
}
