import type { PrivacyRequestStatus } from "../../db/schema";
import { AppError } from "../errors";

/**
 * A privacy request's lifecycle: the customer's request is received; the compliance desk starts
 * it, then completes it (the account is closed and the data erased) or refuses it with a reason.
 * A request may be refused at once, without being started.
 */
export type PrivacyRequestEvent = "start" | "complete" | "refuse";

const TRANSITIONS: Record<PrivacyRequestEvent, Partial<Record<PrivacyRequestStatus, PrivacyRequestStatus>>> = {
  start: { received: "in_progress" },
  complete: { in_progress: "completed" },
  refuse: { received: "refused", in_progress: "refused" },
};

/** Statuses in which a request is still being handled: a customer has at most one of these. */
export const OPEN_PRIVACY_STATUSES: readonly PrivacyRequestStatus[] = ["received", "in_progress"];

export function canTransition(status: PrivacyRequestStatus, event: PrivacyRequestEvent): boolean {
  return TRANSITIONS[event][status] !== undefined;
}

export const invalidPrivacyState = (message: string) => new AppError("CONFLICT", { message, userMessage: "privacy.error.invalid_state" });

export function nextStatus(status: PrivacyRequestStatus, event: PrivacyRequestEvent): PrivacyRequestStatus {
  const next = TRANSITIONS[event][status];
  if (!next) throw invalidPrivacyState(`privacy request in status ${status} cannot take event ${event}`);
  return next;
}
