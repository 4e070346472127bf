import type { RequestStatus } from "../../db/schema";
import { AppError } from "../errors";

/**
 * The request lifecycle (SPEC §1): every change of status goes through `nextStatus`, so no route,
 * dialog or job can move a request along a path this table does not have.
 */
export type RequestEvent =
  | "start_review"
  | "request_info"
  | "provide_info"
  | "accept"
  | "reject"
  | "approve_step"
  | "approve_last_step"
  | "complete"
  | "close"
  | "withdraw";

const TRANSITIONS: Record<RequestEvent, Partial<Record<RequestStatus, RequestStatus>>> = {
  start_review: { submitted: "under_review" },
  request_info: { submitted: "info_requested", under_review: "info_requested" },
  provide_info: { info_requested: "under_review" },
  // Accepting a request with no approval chain approves it at once (see acceptRequest).
  accept: { submitted: "in_approval", under_review: "in_approval" },
  reject: { submitted: "rejected", under_review: "rejected", in_approval: "rejected" },
  approve_step: { in_approval: "in_approval" },
  approve_last_step: { in_approval: "approved" },
  complete: { approved: "completed" },
  close: { completed: "closed", rejected: "closed", withdrawn: "closed" },
  withdraw: { submitted: "withdrawn", under_review: "withdrawn", info_requested: "withdrawn", in_approval: "withdrawn" },
};

export function canTransition(status: RequestStatus, event: RequestEvent): boolean {
  return TRANSITIONS[event][status] !== undefined;
}

export function nextStatus(status: RequestStatus, event: RequestEvent): RequestStatus {
  const next = TRANSITIONS[event][status];
  if (!next) {
    throw new AppError("CONFLICT", {
      message: `request in status ${status} cannot take event ${event}`,
      userMessage: "request.transition_not_allowed",
    });
  }
  return next;
}

/** The statuses in which the preliminary-review clock is running (or paused, waiting). */
export const REVIEW_STATUSES: readonly RequestStatus[] = ["submitted", "under_review", "info_requested"];

/** Open means a decision is still to come: the customer may withdraw it. */
export function isUndecided(status: RequestStatus): boolean {
  return canTransition(status, "withdraw");
}
