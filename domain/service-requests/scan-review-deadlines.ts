import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { serviceRequests, slaAlerts } from "../../db/schema";
import { emailSupervisors } from "../accounts/email-supervisors";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { REVIEW_STATUSES } from "./request-lifecycle";
import { slaStateAt } from "./review-clock";

/**
 * The background check of review deadlines (SPEC §1): marks requests at risk or overdue and
 * emails the supervisors — once per request and state, whichever instance gets there first
 * (the unique alert row decides), so it is safe to run on every instance.
 */
export async function scanReviewDeadlines(ctx: DomainContext): Promise<{ changed: number; alerted: number }> {
  const now = ctx.now();
  const open = await ctx.db
    .select({
      id: serviceRequests.id,
      number: serviceRequests.number,
      dueAt: serviceRequests.dueAt,
      clockPausedAt: serviceRequests.clockPausedAt,
      slaState: serviceRequests.slaState,
    })
    .from(serviceRequests)
    .where(and(inArray(serviceRequests.status, [...REVIEW_STATUSES]), isNotNull(serviceRequests.dueAt)));
  let changed = 0;
  let alerted = 0;
  for (const request of open) {
    const state = slaStateAt(ctx.calendar, request, now);
    if (state === request.slaState) continue;
    await ctx.db.transaction(async (tx) => {
      const updated = await tx
        .update(serviceRequests)
        .set({ slaState: state })
        .where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.slaState, request.slaState)))
        .returning({ id: serviceRequests.id });
      if (updated.length === 0) return; // another instance moved it first
      changed += 1;
      await recordAudit(tx, {
        actorId: "system:sla",
        action: "request.sla_changed",
        objectType: "service_request",
        objectId: request.id,
        before: { slaState: request.slaState },
        after: { slaState: state },
      });
      if (state === "on_track" || !request.dueAt) return;
      const fresh = await tx
        .insert(slaAlerts)
        .values({ requestId: request.id, state, at: now })
        .onConflictDoNothing()
        .returning({ requestId: slaAlerts.requestId });
      if (fresh.length === 0) return;
      alerted += 1;
      await emailSupervisors(ctx, tx, { template: "sla.alert", params: { number: request.number, state, dueAt: request.dueAt } });
    });
  }
  return { changed, alerted };
}
