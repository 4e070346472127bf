import type { Locale } from "../i18n";

// Times are shown in China time on the server and in every browser alike, so a page renders
// the same text on both sides (and means the same hour to every reader).
export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

type Style = "dateTime" | "date" | "time";
const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE },
  date: { dateStyle: "medium", timeZone: DISPLAY_TIME_ZONE },
  time: { timeStyle: "short", timeZone: DISPLAY_TIME_ZONE },
};

// NOTE: building a formatter costs ~0.1 ms, formatting with one ~2 µs; a list of 100 requests
// formats 200 times. The formatters are immutable, so one per locale and style is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, style: Style): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, OPTIONS[style]);
    formatters.set(key, found);
  }
  return found;
}

export function formatDateTime(iso: string, locale: Locale): string {
  return formatter(locale, "dateTime").format(new Date(iso));
}

export function formatDate(iso: string, locale: Locale): string {
  return formatter(locale, "date").format(new Date(iso));
}

export function formatTime(iso: string, locale: Locale): string {
  return formatter(locale, "time").format(new Date(iso));
}
