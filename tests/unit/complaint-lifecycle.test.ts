import { describe, expect, test } from "vitest";
import { complaintStatuses } from "../../db/schema/enums";
import { checkLifecycleTable } from "../support/lifecycle-table";
import {
  canTransition,
  disputeProblem,
  fourEyesProblem,
  nextStatus,
  reopenCountAfter,
  reviewInvestigatorProblem,
  surveyEvent,
  type ComplaintEvent,
  type ComplaintStatus,
} from "../../domain/complaints/complaint-lifecycle";

// The whole table: every pair not listed here must be refused.
const ALLOWED: [ComplaintStatus, ComplaintEvent, ComplaintStatus][] = [
  ["received", "acknowledge", "acknowledged"],
  ["received", "open_review", "review_requested"],
  ["acknowledged", "assign", "investigating"],
  ["investigating", "assign", "investigating"],
  ["reopened", "assign", "investigating"],
  ["review_requested", "assign", "investigating"],
  ["investigating", "propose_resolution", "resolution_proposed"],
  ["resolution_proposed", "approve_resolution", "awaiting_confirmation"],
  ["resolution_proposed", "reject_resolution", "investigating"],
  ["awaiting_confirmation", "accept", "awaiting_survey"],
  ["awaiting_confirmation", "accept_by_silence", "awaiting_survey"],
  ["awaiting_confirmation", "dispute", "reopened"],
  ["awaiting_confirmation", "request_review", "review_requested"],
  ["awaiting_survey", "request_review", "review_requested"],
  ["awaiting_survey", "survey_satisfied", "archived"],
  ["awaiting_survey", "survey_dissatisfied", "reopened"],
  ["awaiting_survey", "survey_expired", "archived"],
];
const EVENTS: ComplaintEvent[] = [
  "acknowledge",
  "open_review",
  "assign",
  "propose_resolution",
  "approve_resolution",
  "reject_resolution",
  "accept",
  "accept_by_silence",
  "dispute",
  "request_review",
  "survey_satisfied",
  "survey_dissatisfied",
  "survey_expired",
];

describe("complaint lifecycle", () => {
  checkLifecycleTable({
    statuses: complaintStatuses,
    events: EVENTS,
    allowed: ALLOWED,
    canTransition,
    nextStatus,
    refusal: "complaint.transition_not_allowed",
  });

  test("an archived complaint takes no event at all", () => {
    expect(EVENTS.filter((event) => canTransition("archived", event))).toEqual([]);
  });

  test("a dispute and a dissatisfied survey each reopen it and count; nothing else counts", () => {
    const path: ComplaintEvent[] = [
      "acknowledge", "assign", "propose_resolution", "reject_resolution", "propose_resolution", "approve_resolution", "dispute",
      "assign", "propose_resolution", "approve_resolution", "accept", "survey_dissatisfied",
      "assign", "propose_resolution", "approve_resolution", "accept_by_silence", "survey_satisfied",
    ];
    let status: ComplaintStatus = "received";
    let reopens = 0;
    const reopenedAt: number[] = [];
    path.forEach((event, i) => {
      status = nextStatus(status, event);
      const after = reopenCountAfter(reopens, event);
      if (after !== reopens) reopenedAt.push(i);
      reopens = after;
    });
    expect(status).toBe("archived");
    expect(reopens).toBe(2);
    expect(reopenedAt).toEqual([6, 11]);
    expect(reopenCountAfter(5, "request_review")).toBe(5);
    expect(reopenCountAfter(5, "reject_resolution")).toBe(5);
  });

  test("a survey answer of 1–2 or 'not resolved' is dissatisfied", () => {
    expect(surveyEvent({ score: 1, resolved: true })).toBe("survey_dissatisfied");
    expect(surveyEvent({ score: 2, resolved: true })).toBe("survey_dissatisfied");
    expect(surveyEvent({ score: 3, resolved: true })).toBe("survey_satisfied");
    expect(surveyEvent({ score: 5, resolved: true })).toBe("survey_satisfied");
    expect(surveyEvent({ score: 5, resolved: false })).toBe("survey_dissatisfied");
  });

  test("four eyes: the proposing investigator does not approve their own resolution", () => {
    expect(fourEyesProblem({ approverId: "inv-1", proposedBy: "inv-1" })).toBe("proposed_it");
    expect(fourEyesProblem({ approverId: "sup-1", proposedBy: "inv-1" })).toBeNull();
  });

  test("a review goes to an investigator other than the first", () => {
    expect(reviewInvestigatorProblem({ investigatorId: "inv-1", firstInvestigatorId: "inv-1" })).toBe("first_investigator");
    expect(reviewInvestigatorProblem({ investigatorId: "inv-2", firstInvestigatorId: "inv-1" })).toBeNull();
  });

  test("a dispute needs a reason", () => {
    expect(disputeProblem(undefined)).toBe("reason_required");
    expect(disputeProblem("   ")).toBe("reason_required");
    expect(disputeProblem("The fee was not refunded")).toBeNull();
  });
});
