import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { packageCalendarSource, type ChineseDaysData } from "../../domain/calendar/package-calendar";
import {
  addWorkingTime,
  CalendarNotCoveredError,
  createWorkingDayCalendar,
  WORKING_DAY_MS,
  workingTimeBetween,
} from "../../domain/calendar/working-day-calendar";

const data = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as ChineseDaysData;
const calendar = createWorkingDayCalendar(packageCalendarSource(data));
const cst = (local: string) => new Date(`${local}+08:00`);

describe("the working-day calendar", () => {
  it("knows the 2026 National Day holiday and its adjusted working days", () => {
    expect(calendar.isWorkingDay("2026-09-30")).toBe(true);
    for (const day of ["2026-10-01", "2026-10-04", "2026-10-07"]) expect(calendar.isWorkingDay(day)).toBe(false);
    expect(calendar.isWorkingDay("2026-09-20")).toBe(true); // a Sunday worked (调休)
    expect(calendar.isWorkingDay("2026-10-10")).toBe(true); // a Saturday worked (调休)
    expect(calendar.isWorkingDay("2026-10-11")).toBe(false); // an ordinary Sunday
  });

  it("refuses a year the calendar does not cover instead of guessing", () => {
    expect(() => calendar.isWorkingDay("2027-03-01")).toThrow(CalendarNotCoveredError);
  });

  it("serves an uncovered year from the admin's table, which also wins over the package", () => {
    const withTable = createWorkingDayCalendar(packageCalendarSource(data), {
      years: [2027],
      holidays: ["2027-01-01", "2026-12-31"],
      workdays: ["2027-01-02"],
    });
    expect(withTable.isWorkingDay("2027-01-01")).toBe(false);
    expect(withTable.isWorkingDay("2027-01-02")).toBe(true);
    expect(withTable.isWorkingDay("2027-01-04")).toBe(true);
    expect(withTable.isWorkingDay("2026-12-31")).toBe(false);
  });
});

describe("the working-day clock", () => {
  it("runs 2 working days across National Day: submitted 30 Sept, due 9 Oct at the same hour", () => {
    expect(addWorkingTime(calendar, cst("2026-09-30T10:00:00"), 2 * WORKING_DAY_MS)).toEqual(cst("2026-10-09T10:00:00"));
  });

  it("counts the adjusted Saturday after National Day as a working day", () => {
    expect(addWorkingTime(calendar, cst("2026-10-09T15:00:00"), WORKING_DAY_MS)).toEqual(cst("2026-10-10T15:00:00"));
  });

  it("stands still through Spring Festival and counts its adjusted Saturdays", () => {
    // Fri 13 Feb 09:00 + 5 working days: rest of the 13th, Sat 14th (worked), 15–23 off, 24th, 25th, 26th, 27th until 09:00.
    const due = addWorkingTime(calendar, cst("2026-02-13T09:00:00"), 5 * WORKING_DAY_MS);
    expect(due).toEqual(cst("2026-02-27T09:00:00"));
  });

  it("starts on the next working day for a request sent on a holiday", () => {
    expect(addWorkingTime(calendar, cst("2026-10-03T12:00:00"), WORKING_DAY_MS)).toEqual(cst("2026-10-09T00:00:00"));
  });

  it("measures working time between two instants, holidays excluded", () => {
    expect(workingTimeBetween(calendar, cst("2026-09-30T12:00:00"), cst("2026-10-08T12:00:00"))).toBe(WORKING_DAY_MS);
    expect(workingTimeBetween(calendar, cst("2026-10-08T12:00:00"), cst("2026-09-30T12:00:00"))).toBe(0);
  });

  it("refuses a due time that would fall in an uncovered year", () => {
    expect(() => addWorkingTime(calendar, cst("2026-12-31T10:00:00"), 2 * WORKING_DAY_MS)).toThrow(CalendarNotCoveredError);
  });
});
