import { CHINA_OFFSET_MS } from "../calendar/working-day-calendar";

/**
 * How long the bank must keep what a closed relationship leaves behind. The Anti-Money
 * Laundering Law (art. 34) keeps customer identity and transaction records for five years after
 * the relationship ends; complaints have their own period (an admin setting, stamped at archiving).
 */
export const LEGAL_RETENTION_YEARS = 5;
/** What the inventory gives a period of its own: sent emails are kept 90 days, survey comments 3 years. */
export const OUTBOX_RETENTION_DAYS = 90;
export const SURVEY_COMMENT_RETENTION_YEARS = 3;

const DAY_MS = 86_400_000;

/**
 * The end (24:00 China time) of the day `years` years after the day of `endedAt`, counted as the
 * law counts a period in years: it ends on the same date, or on the month's last day when that
 * date does not exist (29 February in a common year).
 */
export function retainedUntil(endedAt: Date, years: number = LEGAL_RETENTION_YEARS): Date {
  const china = new Date(endedAt.getTime() + CHINA_OFFSET_MS);
  const year = china.getUTCFullYear() + years;
  const month = china.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(china.getUTCDate(), lastOfMonth);
  return new Date(Date.UTC(year, month, day) + DAY_MS - CHINA_OFFSET_MS);
}

/** Whether a record kept until `until` may go at `now`: only once its last day is over. */
export function retentionExpired(until: Date | null, now: Date): boolean {
  return until !== null && until.getTime() <= now.getTime();
}

/** The instant before which a row dated by itself (an email sent, a comment written) has expired. */
export function expiredBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
