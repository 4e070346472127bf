import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { acceptanceCounters } from "../../db/schema";
import { chinaDate } from "../calendar/working-day-calendar";

/**
 * TL + the China-time date + a six-digit sequence of that day (TL20261128000123). The counter
 * row is bumped by one atomic upsert, so two instances can never hand out the same number, and
 * a rolled-back submission only leaves a gap.
 */
export async function nextAcceptanceNumber(tx: Executor, now: Date): Promise<string> {
  const day = chinaDate(now).replaceAll("-", "");
  const [row] = await tx
    .insert(acceptanceCounters)
    .values({ day, last: 1 })
    .onConflictDoUpdate({ target: acceptanceCounters.day, set: { last: sql`${acceptanceCounters.last} + 1` } })
    .returning({ last: acceptanceCounters.last });
  if (!row) throw new Error("acceptance counter returned no row");
  return `TL${day}${String(row.last).padStart(6, "0")}`;
}
