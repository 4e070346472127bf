import { createRequire } from "node:module";
import type { Executor } from "../../db/client";
import { calendarDays, calendarYears } from "../../db/schema";
import { packageCalendarSource, type ChineseDaysData } from "./package-calendar";
import { createWorkingDayCalendar, type CalendarSource, type WorkingDayCalendar } from "./working-day-calendar";

export function chineseDaysData(): ChineseDaysData {
  return createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as ChineseDaysData;
}

/** The admin's holiday table as a calendar source; its years count only once published. */
export async function adminCalendarSource(db: Executor): Promise<CalendarSource> {
  const [days, years] = await Promise.all([db.select().from(calendarDays), db.select().from(calendarYears)]);
  return {
    holidays: days.filter((d) => d.kind === "holiday").map((d) => d.date),
    workdays: days.filter((d) => d.kind === "workday").map((d) => d.date),
    years: years.map((y) => Number(y.year)),
  };
}

export interface LiveCalendar extends WorkingDayCalendar {
  /** Re-reads the admin's table (after an admin's change, and periodically on every instance); true when it changed. */
  reload(): Promise<boolean>;
}

export async function loadWorkingDayCalendar(db: Executor): Promise<LiveCalendar> {
  const fromPackage = packageCalendarSource(chineseDaysData());
  const fingerprint = (source: CalendarSource) =>
    JSON.stringify([[...source.holidays].sort(), [...source.workdays].sort(), [...source.years].sort((a, b) => a - b)]);
  const admin = await adminCalendarSource(db);
  let current = createWorkingDayCalendar(fromPackage, admin);
  let loaded = fingerprint(admin);
  return {
    isWorkingDay: (isoDate) => current.isWorkingDay(isoDate),
    covers: (year) => current.covers(year),
    async reload() {
      const fresh = await adminCalendarSource(db);
      const print = fingerprint(fresh);
      if (print === loaded) return false;
      current = createWorkingDayCalendar(fromPackage, fresh);
      loaded = print;
      return true;
    },
  };
}
