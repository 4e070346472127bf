import { describe, expect, test } from "vitest";
import type { Complaint } from "../../db/schema";
import { allowedComplaintActions } from "../../domain/complaints/desk-complaint-access";
import { maskName } from "../../domain/identity/masking";

describe("masked names", () => {
  test("keep a Chinese family name, or each word's initial", () => {
    expect(maskName("张伟")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("Emma Brown")).toBe("E*** B****");
    expect(maskName("  Li  ")).toBe("L*");
    // A one-letter name still hides that it is one letter.
    expect(maskName("Q")).toBe("Q*");
    expect(maskName("")).toBe("");
  });
});

const investigator = { userId: "inv", roles: ["investigator"] as const };
const supervisor = { userId: "sup", roles: ["supervisor"] as const };
const complaint = (over: Partial<Complaint>) =>
  ({ status: "investigating", investigatorId: "inv", proposedBy: null, allowanceDays: 15, archivedAt: null, ...over }) as Complaint;

describe("what the desk offers", () => {
  test("the assigned investigator investigates; a supervisor also assigns and decides", () => {
    expect(allowedComplaintActions(complaint({}), investigator)).toEqual(["note", "propose", "extend", "severity"]);
    expect(allowedComplaintActions(complaint({}), supervisor)).toEqual(["assign", "note", "propose", "extend", "severity"]);
    expect(allowedComplaintActions(complaint({ investigatorId: "someone else" }), investigator)).toEqual([]);
    expect(allowedComplaintActions(complaint({}), { userId: "q", roles: ["quality"] })).toEqual([]);
    expect(allowedComplaintActions(complaint({}), { userId: "a", roles: ["admin"] })).toEqual([]);
  });

  test("four eyes: the proposer is not offered the approval", () => {
    const proposed = complaint({ status: "resolution_proposed", proposedBy: "sup" });
    expect(allowedComplaintActions(proposed, supervisor)).toEqual(["note", "reject", "extend", "severity"]);
    expect(allowedComplaintActions(proposed, { userId: "sup2", roles: ["supervisor"] })).toContain("approve");
    expect(allowedComplaintActions(proposed, investigator)).not.toContain("approve");
  });

  test("extensions stop at 30 for the investigator and 60 for a supervisor, and after the decision", () => {
    expect(allowedComplaintActions(complaint({ allowanceDays: 30 }), investigator)).not.toContain("extend");
    expect(allowedComplaintActions(complaint({ allowanceDays: 30 }), supervisor)).toContain("extend");
    expect(allowedComplaintActions(complaint({ allowanceDays: 60 }), supervisor)).not.toContain("extend");
    expect(allowedComplaintActions(complaint({ status: "awaiting_confirmation" }), supervisor)).not.toContain("extend");
  });

  test("an archived complaint offers nothing", () => {
    expect(allowedComplaintActions(complaint({ status: "archived", archivedAt: new Date() }), supervisor)).toEqual([]);
  });
});
