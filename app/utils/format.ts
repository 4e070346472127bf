import type { Locale } from "../i18n";

// Times are shown in China time on the server and in every browser alike, so a page renders
// the same text on both sides (and means the same hour to every reader).
export const DISPLAY_TIME_ZONE = "Asia/Shanghai";

export function formatDateTime(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE });
}

export function formatDate(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleDateString(locale, { dateStyle: "medium", timeZone: DISPLAY_TIME_ZONE });
}
