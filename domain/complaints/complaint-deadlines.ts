import { CHINA_OFFSET_MS } from "../calendar/working-day-calendar";

/**
 * The complaint clock (SPEC §3, CBIRC 2020 No. 3) counts calendar days, not working days.
 *
 * A period of N days is counted as the law counts one: the day it starts on is not counted, and
 * the period ends at 24:00 China time (Asia/Shanghai, UTC+8 all year) of its Nth day. A complaint
 * accepted at any time on 1 March is due, at 15 days, by the end of 16 March: the instant
 * 17 March 00:00 +08:00, at which it is overdue. Every window below follows the same rule.
 */
const DAY_MS = 86_400_000;

/** The decision is due 15 days after acceptance; 30 for a complex case; never beyond 60. */
export const DECISION_DAYS = 15;
export const COMPLEX_DECISION_DAYS = 30;
export const MAX_DECISION_DAYS = 60;

/** No answer to a proposed resolution within this many days counts as accepting it. */
export const CONFIRMATION_DAYS = 7;

/** The customer may ask for a review (核查) within 30 days of the decision. */
export const REVIEW_WINDOW_DAYS = 30;

/** A complaint is at risk with 72 h or less left: due times fall at midnight, so its last three days. */
export const AT_RISK_MS = 3 * DAY_MS;

/** The end (24:00 China time) of the `days`th day after the day of `start`. */
function endOfDaysAfter(start: Date, days: number): Date {
  const chinaDayIndex = Math.floor((start.getTime() + CHINA_OFFSET_MS) / DAY_MS);
  return new Date((chinaDayIndex + 1 + days) * DAY_MS - CHINA_OFFSET_MS);
}

/** When the decision is due, for the complaint's current allowance of `totalDays` (15, ≤30, ≤60). */
export function decisionDueAt(acceptedAt: Date, totalDays: number = DECISION_DAYS): Date {
  return endOfDaysAfter(acceptedAt, totalDays);
}

export type ExtensionProblem = "not_longer" | "beyond_limit" | "reason_required" | "supervisor_approval_required";

/**
 * Whether the allowance may grow from `currentTotalDays` to `requestedTotalDays`. Every extension
 * records its reason; up to 30 days is the investigator's call for a complex case; beyond 30
 * needs a supervisor's approval; nothing goes beyond 60. Returns the refusal, or null.
 */
export function extensionProblem(
  currentTotalDays: number,
  requestedTotalDays: number,
  input: { approvedBySupervisor: boolean; reason: string | null | undefined },
): ExtensionProblem | null {
  if (requestedTotalDays <= currentTotalDays) return "not_longer";
  if (requestedTotalDays > MAX_DECISION_DAYS) return "beyond_limit";
  if (!input.reason?.trim()) return "reason_required";
  if (requestedTotalDays > COMPLEX_DECISION_DAYS && !input.approvedBySupervisor) return "supervisor_approval_required";
  return null;
}

/** The allowances the desk offers when extending: the ones `extensionProblem` would accept but for the reason. */
export function extensionChoices(currentTotalDays: number, approvedBySupervisor: boolean): number[] {
  return [COMPLEX_DECISION_DAYS, 45, MAX_DECISION_DAYS].filter(
    (days) => extensionProblem(currentTotalDays, days, { approvedBySupervisor, reason: "given" }) === null,
  );
}

export type ComplaintSlaState = "on_track" | "at_risk" | "overdue";

/** Where an undecided complaint stands against its due time. */
export function slaStateAt(dueAt: Date, now: Date): ComplaintSlaState {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return "overdue";
  return left <= AT_RISK_MS ? "at_risk" : "on_track";
}

/** When silence about a resolution sent at `sentAt` starts to count as accepting it. */
export function confirmationDueAt(sentAt: Date, windowDays: number = CONFIRMATION_DAYS): Date {
  return endOfDaysAfter(sentAt, windowDays);
}

/** Whether a resolution sent at `sentAt` and left unanswered counts as accepted by `now`. */
export function isSilentlyAccepted(sentAt: Date, now: Date, windowDays: number = CONFIRMATION_DAYS): boolean {
  return now >= confirmationDueAt(sentAt, windowDays);
}

/** The end of the customer's window for asking for a review of the decision made at `decidedAt`. */
export function reviewWindowEndsAt(decidedAt: Date): Date {
  return endOfDaysAfter(decidedAt, REVIEW_WINDOW_DAYS);
}

/** Whether the customer may still ask for a review of the decision made at `decidedAt`. */
export function reviewProblem(decidedAt: Date, now: Date): "window_closed" | null {
  return now >= reviewWindowEndsAt(decidedAt) ? "window_closed" : null;
}
