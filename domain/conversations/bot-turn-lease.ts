import { and, eq } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import type { DomainContext } from "../context";
import { withinRateLimit } from "../rate-limit";

/** Longer than any bot turn; a lease whose holder stopped runs out after this. */
export const BOT_TURN_LEASE_MS = 30_000;
const RETRY_MS = 50;

/**
 * Runs `turn` while holding the conversation's bot-turn lease, so that two instances never run
 * turns of one running dialog at once. Without it, a customer confirming a complaint in two tabs
 * held by two instances got it filed twice: each turn started from the same dialog state. The
 * atomic counter of the rate limits is the lease (one holder within BOT_TURN_LEASE_MS), released
 * when the turn ends; a waiter reads the state its predecessor left.
 */
export async function withBotTurnLease<T>(ctx: DomainContext, conversationId: string, turn: () => Promise<T>): Promise<T> {
  const key = `bot:turn:${conversationId}`;
  const giveUpAt = Date.now() + BOT_TURN_LEASE_MS + 5_000;
  let claimedAt = ctx.now();
  while (!(await withinRateLimit(ctx.db, { key, limit: 1, windowMs: BOT_TURN_LEASE_MS, now: claimedAt }))) {
    if (Date.now() > giveUpAt) throw new Error(`the bot turn lease of conversation ${conversationId} was not released`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    claimedAt = ctx.now();
  }
  try {
    return await turn();
  } finally {
    // Only this holder's lease: one that ran out may have been taken by another since.
    await ctx.db.delete(rateLimits).where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, claimedAt)));
  }
}
