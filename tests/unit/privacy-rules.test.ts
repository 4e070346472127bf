import { describe, expect, test } from "vitest";
import { privacyRequestStatuses } from "../../db/schema/enums";
import { checkLifecycleTable } from "../support/lifecycle-table";
import {
  canTransition,
  nextStatus,
  OPEN_PRIVACY_STATUSES,
  type PrivacyRequestEvent,
} from "../../domain/privacy/privacy-request-lifecycle";
import type { PrivacyRequestStatus } from "../../db/schema";
import { expiredBefore, retainedUntil, retentionExpired } from "../../domain/privacy/retention-rules";

// The whole table: every pair not listed here must be refused.
const ALLOWED: [PrivacyRequestStatus, PrivacyRequestEvent, PrivacyRequestStatus][] = [
  ["received", "start", "in_progress"],
  ["in_progress", "complete", "completed"],
  ["received", "refuse", "refused"],
  ["in_progress", "refuse", "refused"],
];
const EVENTS: PrivacyRequestEvent[] = ["start", "complete", "refuse"];

describe("privacy request lifecycle", () => {
  checkLifecycleTable({
    statuses: privacyRequestStatuses,
    events: EVENTS,
    allowed: ALLOWED,
    canTransition,
    nextStatus,
    refusal: "privacy.error.invalid_state",
  });

  test("nothing erases an account that was not started first, and a closed request stays closed", () => {
    expect(canTransition("received", "complete")).toBe(false);
    for (const closed of ["completed", "refused"] as const) {
      expect(EVENTS.some((event) => canTransition(closed, event))).toBe(false);
      expect(OPEN_PRIVACY_STATUSES).not.toContain(closed);
    }
  });
});

describe("retention dates", () => {
  test("five years after the relationship ends, to the end of that day in China", () => {
    // 1 March 2026, 10:00 in China → kept through 1 March 2031, gone at 2 March 2031 00:00 +08:00.
    expect(retainedUntil(new Date("2026-03-01T02:00:00Z")).toISOString()).toBe("2031-03-01T16:00:00.000Z");
  });

  test("the day counts in China time: 23:30 UTC on 28 February is already 1 March there", () => {
    expect(retainedUntil(new Date("2026-02-28T23:30:00Z")).toISOString()).toBe("2031-03-01T16:00:00.000Z");
  });

  test("29 February ends on 28 February of a common year, never spilling into March", () => {
    expect(retainedUntil(new Date("2028-02-29T04:00:00Z")).toISOString()).toBe("2033-02-28T16:00:00.000Z");
    expect(retainedUntil(new Date("2028-02-29T04:00:00Z"), 4).toISOString()).toBe("2032-02-29T16:00:00.000Z");
  });

  test("a record expires at its retention instant, not a millisecond before", () => {
    const until = new Date("2031-03-01T16:00:00.000Z");
    expect(retentionExpired(until, new Date(until.getTime() - 1))).toBe(false);
    expect(retentionExpired(until, until)).toBe(true);
    expect(retentionExpired(null, new Date("2099-01-01T00:00:00Z"))).toBe(false);
  });

  test("a period in days counts back from now", () => {
    expect(expiredBefore(new Date("2026-04-01T00:00:00Z"), 90).toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});
