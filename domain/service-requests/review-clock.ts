import type { ServiceRequest } from "../../db/schema";
import {
  addWorkingTime,
  CalendarNotCoveredError,
  WORKING_DAY_MS,
  workingTimeBetween,
  type WorkingDayCalendar,
} from "../calendar/working-day-calendar";

/** Preliminary review (SPEC §1, §2.1.3): 2 working days, 5 for special cases, 1 for fund movements. */
export const REVIEW_WORKING_DAYS: Record<ServiceRequest["clockKind"], number> = {
  standard: 2,
  special: 5,
  fund_movement: 1,
};

/** A request is at risk when less than half a working day of its review time is left. */
export const AT_RISK_MS = WORKING_DAY_MS / 2;

/**
 * Runs the clock, or answers null when the calendar for the year it reaches is not published
 * yet: the request is still taken, and its due time is set once an admin adds that year.
 */
function orUnknown<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof CalendarNotCoveredError) return null;
    throw error;
  }
}

export function reviewDueAt(calendar: WorkingDayCalendar, submittedAt: Date, kind: ServiceRequest["clockKind"]): Date | null {
  return orUnknown(() => addWorkingTime(calendar, submittedAt, REVIEW_WORKING_DAYS[kind] * WORKING_DAY_MS));
}

/** After a pause (waiting for the customer) the time that was left runs again from `resumedAt`. */
export function resumedDueAt(calendar: WorkingDayCalendar, pausedAt: Date, dueAt: Date | null, resumedAt: Date): Date | null {
  if (!dueAt) return null;
  return orUnknown(() => addWorkingTime(calendar, resumedAt, workingTimeBetween(calendar, pausedAt, dueAt)));
}

/** Marking a case special adds the difference between the special and the standard budget. */
export function extendedDueAt(calendar: WorkingDayCalendar, dueAt: Date | null, from: ServiceRequest["clockKind"]): Date | null {
  if (!dueAt) return null;
  const extraDays = REVIEW_WORKING_DAYS.special - REVIEW_WORKING_DAYS[from];
  return orUnknown(() => addWorkingTime(calendar, dueAt, Math.max(0, extraDays) * WORKING_DAY_MS));
}

export type SlaState = ServiceRequest["slaState"];

/** Where a review stands against its due time; a paused clock stays where it was. */
export function slaStateAt(
  calendar: WorkingDayCalendar,
  request: Pick<ServiceRequest, "dueAt" | "clockPausedAt">,
  now: Date,
): SlaState {
  if (!request.dueAt) return "on_track";
  const at = request.clockPausedAt ?? now;
  if (at >= request.dueAt) return "overdue";
  const dueAt = request.dueAt;
  const left = orUnknown(() => workingTimeBetween(calendar, at, dueAt));
  return left !== null && left < AT_RISK_MS ? "at_risk" : "on_track";
}

/**
 * When a review's state can next change by time alone: the moment it turns at risk, then its due
 * time. Null while the clock is paused, once it is overdue, or while the calendar does not reach
 * far enough (publishing the year makes the scan look again).
 */
export function nextSlaCheckAt(calendar: WorkingDayCalendar, request: Pick<ServiceRequest, "dueAt" | "clockPausedAt">, now: Date): Date | null {
  const dueAt = request.dueAt;
  if (!dueAt || request.clockPausedAt || now >= dueAt) return null;
  const left = orUnknown(() => workingTimeBetween(calendar, now, dueAt));
  if (left === null) return null;
  if (left < AT_RISK_MS) return dueAt;
  return orUnknown(() => addWorkingTime(calendar, now, left - AT_RISK_MS + 1));
}
