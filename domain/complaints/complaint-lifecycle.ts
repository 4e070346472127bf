import { AppError } from "../errors";
import type { complaintStatuses } from "../../db/schema/enums";

/**
 * The complaint loop (SPEC §3): every change of a complaint's status goes through `nextStatus`,
 * so no route, dialog or job can move a complaint along a path this table does not have.
 *
 * A dispute or a dissatisfied survey answer puts the complaint in `reopened`: it waits there, with
 * the reason, for a supervisor, who assigns it to an investigator again (possibly themselves).
 * Each such reopening adds one to the complaint's reopen count (`reopenCountAfter`).
 *
 * Once the decision has gone out (the approved resolution was sent), and until the complaint is
 * archived, the customer may ask for a review (核查) within 30 days of the decision; it waits in
 * `review_requested` for a supervisor to assign an investigator other than the first one. The
 * review's new resolution takes the same way: proposed, approved by a supervisor, confirmed.
 *
 * `archived` is final: it takes no event at all. A review asked for after archiving is a new case,
 * linked to the archived one, that opens straight into `review_requested` (`open_review`).
 */
export type ComplaintStatus = (typeof complaintStatuses)[number];

export type ComplaintEvent =
  | "acknowledge"
  | "open_review"
  | "assign"
  | "propose_resolution"
  | "approve_resolution"
  | "reject_resolution"
  | "accept"
  | "accept_by_silence"
  | "dispute"
  | "request_review"
  | "survey_satisfied"
  | "survey_dissatisfied"
  | "survey_expired";

const TRANSITIONS: Record<ComplaintEvent, Partial<Record<ComplaintStatus, ComplaintStatus>>> = {
  acknowledge: { received: "acknowledged" },
  open_review: { received: "review_requested" },
  // A supervisor assigns the investigator; in `investigating` it hands the case to another one.
  assign: { acknowledged: "investigating", investigating: "investigating", reopened: "investigating", review_requested: "investigating" },
  propose_resolution: { investigating: "resolution_proposed" },
  // The supervisor's approval sends the written response to the customer: that is the decision.
  approve_resolution: { resolution_proposed: "awaiting_confirmation" },
  reject_resolution: { resolution_proposed: "investigating" },
  accept: { awaiting_confirmation: "awaiting_survey" },
  accept_by_silence: { awaiting_confirmation: "awaiting_survey" },
  dispute: { awaiting_confirmation: "reopened" },
  request_review: { awaiting_confirmation: "review_requested", awaiting_survey: "review_requested" },
  survey_satisfied: { awaiting_survey: "archived" },
  survey_dissatisfied: { awaiting_survey: "reopened" },
  // Nobody answered the survey before its link expired: nothing is left to wait for.
  survey_expired: { awaiting_survey: "archived" },
};

export function canTransition(status: ComplaintStatus, event: ComplaintEvent): boolean {
  return TRANSITIONS[event][status] !== undefined;
}

export function nextStatus(status: ComplaintStatus, event: ComplaintEvent): ComplaintStatus {
  const next = TRANSITIONS[event][status];
  if (!next) {
    throw new AppError("CONFLICT", {
      message: `complaint in status ${status} cannot take event ${event}`,
      userMessage: "complaint.transition_not_allowed",
    });
  }
  return next;
}

/** The reopen count after `event`: a dispute or a dissatisfied survey answer adds one. */
export function reopenCountAfter(count: number, event: ComplaintEvent): number {
  return event === "dispute" || event === "survey_dissatisfied" ? count + 1 : count;
}

/** A survey answer of 1–2, or "not resolved", is dissatisfied and reopens the complaint. */
export function surveyEvent(answer: { score: 1 | 2 | 3 | 4 | 5; resolved: boolean }): "survey_satisfied" | "survey_dissatisfied" {
  return answer.score <= 2 || !answer.resolved ? "survey_dissatisfied" : "survey_satisfied";
}

/** Four eyes: the supervisor who approves a resolution is not the investigator who proposed it. */
export function fourEyesProblem(input: { approverId: string; proposedBy: string }): "proposed_it" | null {
  return input.approverId === input.proposedBy ? "proposed_it" : null;
}

/** A review (核查) goes to an investigator other than the one who handled the complaint first. */
export function reviewInvestigatorProblem(input: { investigatorId: string; firstInvestigatorId: string }): "first_investigator" | null {
  return input.investigatorId === input.firstInvestigatorId ? "first_investigator" : null;
}

/** A customer who disputes the resolution says why: the supervisor reads it on reopening. */
export function disputeProblem(reason: string | null | undefined): "reason_required" | null {
  return reason?.trim() ? null : "reason_required";
}
