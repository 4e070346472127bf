import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { packageCalendarSource, type ChineseDaysData } from "../../domain/calendar/package-calendar";
import { createWorkingDayCalendar } from "../../domain/calendar/working-day-calendar";
import { extendedDueAt, nextSlaCheckAt, resumedDueAt, reviewDueAt, slaStateAt } from "../../domain/service-requests/review-clock";

const data = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as ChineseDaysData;
const calendar = createWorkingDayCalendar(packageCalendarSource(data));
const cst = (local: string) => new Date(`${local}+08:00`);

describe("the preliminary-review clock", () => {
  it("gives 2 working days, 1 for a fund movement", () => {
    expect(reviewDueAt(calendar, cst("2026-11-23T09:00:00"), "standard")).toEqual(cst("2026-11-25T09:00:00"));
    expect(reviewDueAt(calendar, cst("2026-11-27T16:00:00"), "fund_movement")).toEqual(cst("2026-11-30T16:00:00"));
  });

  it("stands still while the customer is asked: the time left runs again from the answer", () => {
    const due = cst("2026-11-25T09:00:00");
    // Paused with 1.5 working days left, answered after a weekend.
    const resumed = resumedDueAt(calendar, cst("2026-11-23T21:00:00"), due, cst("2026-11-30T09:00:00"));
    expect(resumed).toEqual(cst("2026-12-01T21:00:00"));
  });

  it("adds three working days for a special case", () => {
    expect(extendedDueAt(calendar, cst("2026-11-25T09:00:00"), "standard")).toEqual(cst("2026-11-30T09:00:00"));
  });

  it("leaves a due time open when it reaches an unpublished year", () => {
    expect(reviewDueAt(calendar, cst("2026-12-31T09:00:00"), "standard")).toBeNull();
  });

  it("is at risk in the last half working day, overdue after, and frozen while paused", () => {
    const request = { dueAt: cst("2026-11-25T09:00:00"), clockPausedAt: null };
    expect(slaStateAt(calendar, request, cst("2026-11-24T09:00:00"))).toBe("on_track");
    expect(slaStateAt(calendar, request, cst("2026-11-24T22:00:00"))).toBe("at_risk");
    expect(slaStateAt(calendar, request, cst("2026-11-25T09:00:01"))).toBe("overdue");
    expect(slaStateAt(calendar, { ...request, clockPausedAt: cst("2026-11-24T09:00:00") }, cst("2026-12-20T00:00:00"))).toBe("on_track");
  });

  it("next needs a look when it turns at risk, then when it falls due, and never while paused or overdue", () => {
    const request = { dueAt: cst("2026-11-25T09:00:00"), clockPausedAt: null };
    const atRisk = nextSlaCheckAt(calendar, request, cst("2026-11-23T09:00:00"));
    // Half a working day before the due time, to the millisecond after which it is at risk.
    expect(atRisk).toEqual(new Date(cst("2026-11-24T21:00:00").getTime() + 1));
    expect(slaStateAt(calendar, request, new Date(atRisk!.getTime() - 1))).toBe("on_track");
    expect(slaStateAt(calendar, request, atRisk!)).toBe("at_risk");
    expect(nextSlaCheckAt(calendar, request, atRisk!)).toEqual(request.dueAt);
    expect(nextSlaCheckAt(calendar, request, cst("2026-11-25T09:00:00"))).toBeNull();
    expect(nextSlaCheckAt(calendar, { ...request, clockPausedAt: cst("2026-11-24T09:00:00") }, cst("2026-11-24T10:00:00"))).toBeNull();
    expect(nextSlaCheckAt(calendar, { dueAt: null, clockPausedAt: null }, cst("2026-11-24T10:00:00"))).toBeNull();
  });

  it("counts only working time to the at-risk moment: a weekend in between pushes it back", () => {
    // Due Monday 30 Nov 16:00 (a fund movement taken on Friday 16:00): at risk from Monday 04:00, not Sunday.
    const request = { dueAt: cst("2026-11-30T16:00:00"), clockPausedAt: null };
    expect(nextSlaCheckAt(calendar, request, cst("2026-11-27T17:00:00"))).toEqual(new Date(cst("2026-11-30T04:00:00").getTime() + 1));
  });
});
