import { and, eq, inArray, isNull } from "drizzle-orm";
import { serviceRequests } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { REVIEW_STATUSES } from "./request-lifecycle";
import { reviewDueAt } from "./review-clock";

/**
 * Requests taken while the calendar of the year their deadline reaches was unpublished have no
 * due time; once an admin publishes that year they get one, counted from submission.
 */
export async function settleOpenDueTimes(ctx: DomainContext, actorId: string): Promise<number> {
  const open = await ctx.db
    .select()
    .from(serviceRequests)
    .where(and(isNull(serviceRequests.dueAt), isNull(serviceRequests.clockPausedAt), inArray(serviceRequests.status, [...REVIEW_STATUSES])));
  let settled = 0;
  for (const request of open) {
    const dueAt = reviewDueAt(ctx.calendar, request.submittedAt, request.clockKind);
    if (!dueAt) continue;
    await ctx.db.transaction(async (tx) => {
      const updated = await tx
        .update(serviceRequests)
        .set({ dueAt })
        .where(and(eq(serviceRequests.id, request.id), isNull(serviceRequests.dueAt)))
        .returning({ id: serviceRequests.id });
      if (updated.length === 0) return;
      settled += 1;
      await recordAudit(tx, { actorId, action: "request.due_time_set", objectType: "service_request", objectId: request.id, after: { dueAt } });
    });
  }
  return settled;
}
