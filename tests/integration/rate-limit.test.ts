import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import { pruneRateLimits, RATE_LIMIT_KEPT_MS, withinRateLimit } from "../../domain/rate-limit";
import { MINUTE } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

describe(`the shared rate limit (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  test("parallel hits never pass more than the limit, and a new window starts afresh", async () => {
    const { domain: ctx, clock } = services;
    const hit = () => withinRateLimit(ctx.db, { key: "track:ip:198.51.100.7", limit: 5, windowMs: 10 * MINUTE, now: ctx.now() });
    const results = await Promise.all(Array.from({ length: 12 }, hit));
    expect(results.filter(Boolean)).toHaveLength(5);
    clock.advance(10 * MINUTE + 1);
    expect(await hit()).toBe(true);
    expect(await withinRateLimit(ctx.db, { key: "track:ip:198.51.100.8", limit: 5, windowMs: 10 * MINUTE, now: ctx.now() })).toBe(true);
  });

  test("counters a day past their window are forgotten; a running one is kept and still counts", async () => {
    const { domain: ctx, clock } = services;
    const hit = (key: string) => withinRateLimit(ctx.db, { key, limit: 1, windowMs: MINUTE, now: ctx.now() });
    expect(await hit("chat:visitor-old")).toBe(true);
    clock.advance(RATE_LIMIT_KEPT_MS + MINUTE);
    expect(await hit("chat:visitor-new")).toBe(true);
    expect(await pruneRateLimits(ctx.db, ctx.now())).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.select().from(rateLimits).where(eq(rateLimits.key, "chat:visitor-old"))).toEqual([]);
    // The running window survives and keeps its count: a second hit in it is still refused.
    expect(await hit("chat:visitor-new")).toBe(false);
  });
});
