import type { CalendarSource } from "./working-day-calendar";

/** The shape of `chinese-days/dist/chinese-days.json`: date → description. */
export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The maintained package's calendar. It covers only the years it lists holidays for; for any
 * other year its own functions would silently answer "plain weekday", so coverage is explicit.
 */
export function packageCalendarSource(data: ChineseDaysData): CalendarSource {
  const holidays = Object.keys(data.holidays);
  return {
    holidays,
    workdays: Object.keys(data.workdays),
    years: new Set(holidays.map((d) => Number(d.slice(0, 4)))),
  };
}
