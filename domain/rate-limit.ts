import { lt, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { rateLimits } from "../db/schema";

/**
 * Counts one hit against `key` in a fixed window; true while the count stays within `limit`.
 * One atomic upsert, so parallel hits and several instances cannot slip past it. (Chat and desk
 * messages are counted off the database: server/message-rate-limit.ts.)
 */
export async function withinRateLimit(
  db: Executor,
  input: { key: string; limit: number; windowMs: number; now: Date },
): Promise<boolean> {
  const windowFloor = new Date(input.now.getTime() - input.windowMs);
  const expired = sql`${rateLimits.windowStart} <= ${windowFloor}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: input.key, windowStart: input.now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${input.now}::timestamptz else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return (row?.count ?? 0) <= input.limit;
}

/** Longer than any window a limit, a lease or a claim uses (the longest is ten minutes). */
export const RATE_LIMIT_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * Forgets counters whose window began more than a day ago: a key is kept per person, address or
 * number ever counted, and none of them counts for anything once its window is over.
 */
export async function pruneRateLimits(db: Executor, now: Date): Promise<number> {
  const removed = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - RATE_LIMIT_KEPT_MS)))
    .returning({ key: rateLimits.key });
  return removed.length;
}
