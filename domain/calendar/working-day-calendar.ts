import { AppError } from "../errors";

/** Mainland China has one time zone and no daylight saving: UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A published calendar: public holidays and the adjusted working days (调休) of some years. */
export interface CalendarSource {
  /** Dates that are days off although they fall on a weekday. */
  holidays: Iterable<string>;
  /** Weekend dates that are working days (调休). */
  workdays: Iterable<string>;
  /** Years whose every holiday and adjusted working day is in the lists above. */
  years: Iterable<number>;
}

export interface WorkingDayCalendar {
  /** Whether `isoDate` (YYYY-MM-DD, China time) is a working day; refuses uncovered years. */
  isWorkingDay(isoDate: string): boolean;
  covers(year: number): boolean;
}

export class CalendarNotCoveredError extends AppError {
  constructor(readonly year: number) {
    super("CONFLICT", {
      message: `no holiday calendar for ${year}: add it in the admin holiday table`,
      userMessage: "calendar.not_covered",
    });
  }
}

/**
 * Merges the maintained package's calendar with the admin's table. An admin entry wins over the
 * package for the same date (a late State Council notice); a year neither covers is refused,
 * never guessed as plain weekdays.
 */
export function createWorkingDayCalendar(...sources: CalendarSource[]): WorkingDayCalendar {
  const offDays = new Set<string>();
  const onDays = new Set<string>();
  const years = new Set<number>();
  for (const source of sources) {
    for (const d of source.holidays) {
      offDays.add(d);
      onDays.delete(d);
    }
    for (const d of source.workdays) {
      onDays.add(d);
      offDays.delete(d);
    }
    for (const y of source.years) years.add(y);
  }
  // The deadline scan asks about the same few weeks for every open request: answers are kept.
  const answers = new Map<string, boolean>();
  return {
    covers: (year) => years.has(year),
    isWorkingDay(isoDate) {
      const known = answers.get(isoDate);
      if (known !== undefined) return known;
      const year = Number(isoDate.slice(0, 4));
      if (!years.has(year)) throw new CalendarNotCoveredError(year);
      const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
      const working = offDays.has(isoDate) ? false : onDays.has(isoDate) ? true : weekday !== 0 && weekday !== 6;
      answers.set(isoDate, working);
      return working;
    },
  };
}

/** Names of the days asked about (a few years' worth at most; the clocks ask about weeks). */
const dayNames = new Map<number, string>();
const DAY_NAMES_KEPT = 20_000;

/** The China-time calendar date of an instant. */
export function chinaDate(instant: Date): string {
  const day = Math.floor((instant.getTime() + CHINA_OFFSET_MS) / DAY_MS);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < DAY_NAMES_KEPT) dayNames.set(day, name);
  }
  return name;
}

/** Midnight (China time) that starts the day of `instant`. */
function chinaDayStart(instant: Date): number {
  const shifted = instant.getTime() + CHINA_OFFSET_MS;
  return shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - CHINA_OFFSET_MS;
}

export const WORKING_DAY_MS = DAY_MS;

/**
 * The working-day clock: time runs only on working days (the whole China-time day) and stands
 * still on weekends and public holidays. Returns the instant at which `budgetMs` of working time
 * has run from `start`.
 */
export function addWorkingTime(calendar: WorkingDayCalendar, start: Date, budgetMs: number): Date {
  let remaining = budgetMs;
  let cursor = start.getTime();
  // A year has at most 366 days; a budget beyond a few weeks is a programming error.
  for (let guard = 0; guard < 400; guard++) {
    const dayStart = chinaDayStart(new Date(cursor));
    const dayEnd = dayStart + DAY_MS;
    if (calendar.isWorkingDay(chinaDate(new Date(cursor)))) {
      const available = dayEnd - cursor;
      if (remaining <= available) return new Date(cursor + remaining);
      remaining -= available;
    }
    cursor = dayEnd;
  }
  throw new Error("working-time budget too large");
}

/** Working time that ran between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(calendar: WorkingDayCalendar, from: Date, to: Date): number {
  let total = 0;
  let cursor = from.getTime();
  const end = to.getTime();
  while (cursor < end) {
    const dayEnd = chinaDayStart(new Date(cursor)) + DAY_MS;
    const sliceEnd = Math.min(dayEnd, end);
    if (calendar.isWorkingDay(chinaDate(new Date(cursor)))) total += sliceEnd - cursor;
    cursor = sliceEnd;
  }
  return total;
}
