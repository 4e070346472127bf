import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withinRateLimit } from "../../domain/rate-limit";
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
});
