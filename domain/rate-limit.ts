import { sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { rateLimits } from "../db/schema";

/**
 * Counts one hit against `key` in a fixed window; true while the count stays within `limit`.
 * One atomic upsert, so parallel hits and several instances cannot slip past it.
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
