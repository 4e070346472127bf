import { describe, expect, test } from "vitest";
import {
  decisionDueAt,
  extensionChoices,
  extensionProblem,
  isSilentlyAccepted,
  reviewProblem,
  slaStateAt,
} from "../../domain/complaints/complaint-deadlines";

const cst = (local: string) => new Date(`${local}+08:00`);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe("the decision deadline", () => {
  test("is the end of the 15th calendar day after acceptance, China time", () => {
    // Weekends and the Qingming holiday (4–6 April 2026) count like any other day.
    expect(decisionDueAt(cst("2026-03-25T10:30:00"))).toEqual(cst("2026-04-10T00:00:00"));
    // The day of acceptance is not counted, however late or early in it.
    expect(decisionDueAt(cst("2026-03-01T00:00:00"))).toEqual(cst("2026-03-17T00:00:00"));
    expect(decisionDueAt(cst("2026-03-01T23:59:59"))).toEqual(cst("2026-03-17T00:00:00"));
    // 23:30 in UTC on 28 Feb is already 1 March in China.
    expect(decisionDueAt(new Date("2026-02-28T16:30:00Z"))).toEqual(cst("2026-03-17T00:00:00"));
  });

  test("is 30 and 60 days for extended cases, across months and years", () => {
    expect(decisionDueAt(cst("2026-12-10T09:00:00"), 30)).toEqual(cst("2027-01-10T00:00:00"));
    expect(decisionDueAt(cst("2026-12-10T09:00:00"), 60)).toEqual(cst("2027-02-09T00:00:00"));
  });
});

describe("extensions", () => {
  const reason = "Needs the card scheme's chargeback records";

  test("up to 30 days for a complex case, with a reason", () => {
    expect(extensionProblem(15, 30, { approvedBySupervisor: false, reason })).toBeNull();
    expect(extensionProblem(15, 20, { approvedBySupervisor: false, reason })).toBeNull();
    expect(extensionProblem(15, 30, { approvedBySupervisor: false, reason: "" })).toBe("reason_required");
    expect(extensionProblem(15, 30, { approvedBySupervisor: true, reason: "  " })).toBe("reason_required");
  });

  test("beyond 30 only with a supervisor's approval and a reason", () => {
    expect(extensionProblem(30, 60, { approvedBySupervisor: true, reason })).toBeNull();
    expect(extensionProblem(30, 31, { approvedBySupervisor: false, reason })).toBe("supervisor_approval_required");
    expect(extensionProblem(15, 45, { approvedBySupervisor: false, reason })).toBe("supervisor_approval_required");
    expect(extensionProblem(30, 60, { approvedBySupervisor: true, reason: null })).toBe("reason_required");
  });

  test("never beyond 60, and never shorter", () => {
    expect(extensionProblem(30, 61, { approvedBySupervisor: true, reason })).toBe("beyond_limit");
    expect(extensionProblem(60, 60, { approvedBySupervisor: true, reason })).toBe("not_longer");
    expect(extensionProblem(30, 15, { approvedBySupervisor: true, reason })).toBe("not_longer");
  });

  test("the desk offers an investigator 30 days only, a supervisor 45 and 60 as well", () => {
    expect(extensionChoices(15, false)).toEqual([30]);
    expect(extensionChoices(30, false)).toEqual([]);
    expect(extensionChoices(15, true)).toEqual([30, 45, 60]);
    expect(extensionChoices(45, true)).toEqual([60]);
    expect(extensionChoices(60, true)).toEqual([]);
  });
});

describe("the SLA state", () => {
  const due = cst("2026-03-17T00:00:00");

  test("is at risk in the last 72 hours, overdue from the due instant", () => {
    expect(slaStateAt(due, cst("2026-03-13T23:59:59"))).toBe("on_track");
    expect(slaStateAt(due, cst("2026-03-14T00:00:00"))).toBe("at_risk");
    expect(slaStateAt(due, ms(due, -1))).toBe("at_risk");
    expect(slaStateAt(due, due)).toBe("overdue");
    expect(slaStateAt(due, cst("2026-04-01T12:00:00"))).toBe("overdue");
  });
});

describe("silent acceptance", () => {
  const sentAt = cst("2026-03-02T10:00:00");

  test("comes when the 7th day after sending ends", () => {
    // Exactly 7 × 24 h later is still within the 7th day.
    expect(isSilentlyAccepted(sentAt, cst("2026-03-09T10:00:00"))).toBe(false);
    expect(isSilentlyAccepted(sentAt, cst("2026-03-09T23:59:59.999"))).toBe(false);
    expect(isSilentlyAccepted(sentAt, cst("2026-03-10T00:00:00"))).toBe(true);
  });

  test("follows a configured window", () => {
    expect(isSilentlyAccepted(sentAt, cst("2026-03-10T00:00:00"), 10)).toBe(false);
    expect(isSilentlyAccepted(sentAt, cst("2026-03-13T00:00:00"), 10)).toBe(true);
  });
});

describe("the review window", () => {
  const decidedAt = cst("2026-03-02T18:00:00");

  test("stays open to the end of the 30th day after the decision", () => {
    expect(reviewProblem(decidedAt, cst("2026-03-03T09:00:00"))).toBeNull();
    expect(reviewProblem(decidedAt, cst("2026-04-01T18:00:00"))).toBeNull();
    expect(reviewProblem(decidedAt, cst("2026-04-01T23:59:59.999"))).toBeNull();
    expect(reviewProblem(decidedAt, cst("2026-04-02T00:00:00"))).toBe("window_closed");
  });
});
