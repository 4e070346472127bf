import { describe, expect, test } from "vitest";
import type { StaffRole } from "../../db/schema";
import { complaintNeedsConsent, consentInForce, PRIVACY_NOTICE_VERSION, requestNeedsConsent } from "../../domain/consents/consent-rules";
import { mayReveal, PERSONAL_DATA_KINDS, revealableKinds } from "../../domain/identity/reveal-policy";
import { RevealReasonSchema } from "../../domain/identity/reveal-schemas";
import { detailRows } from "../../domain/service-requests/request-views";

const consent = (noticeVersion: string, withdrawnAt: Date | null = null) => ({ purpose: "sensitive_financial" as const, noticeVersion, withdrawnAt });

describe("separate consent to the sensitive-information notice", () => {
  test("only a consent to the notice in force, not withdrawn, covers a submission", () => {
    expect(consentInForce([consent(PRIVACY_NOTICE_VERSION)])).toEqual(consent(PRIVACY_NOTICE_VERSION));
    expect(consentInForce([])).toBeNull();
    expect(consentInForce([consent(PRIVACY_NOTICE_VERSION, new Date())])).toBeNull();
  });

  test("a new notice version asks again: a consent to the older one no longer counts", () => {
    const given = [consent("2026-11")];
    expect(consentInForce(given, "2026-11")).not.toBeNull();
    expect(consentInForce(given, "2027-03")).toBeNull();
    expect(consentInForce([consent("2027-03"), ...given], "2027-03")).toEqual(consent("2027-03"));
  });

  test("requests carrying ID numbers, accounts, income, loans or new contact data need it; a plain enquiry does not, unless files come with it", () => {
    for (const type of ["account_opening", "transfer", "loan", "info_update"] as const) expect(requestNeedsConsent({ type }, 0)).toBe(true);
    expect(requestNeedsConsent({ type: "inquiry" }, 0)).toBe(false);
    expect(requestNeedsConsent({ type: "inquiry" }, 1)).toBe(true);
    expect(complaintNeedsConsent(0)).toBe(false);
    expect(complaintNeedsConsent(2)).toBe(true);
  });
});

describe("who may reveal which personal data", () => {
  test("an ID number: those who verify identity and compliance; not approvers, investigators, quality or admins", () => {
    const allowed: StaffRole[] = ["agent", "supervisor", "compliance"];
    for (const role of ["agent", "manager", "risk", "compliance", "investigator", "supervisor", "quality", "admin"] as const) {
      expect(mayReveal([role], "resident_id"), role).toBe(allowed.includes(role));
    }
  });

  test("income is for loan approvers too; an account number for risk; nobody but reviewers and compliance has everything", () => {
    expect(mayReveal(["manager"], "income")).toBe(true);
    expect(mayReveal(["manager"], "account_number")).toBe(false);
    expect(mayReveal(["risk"], "account_number")).toBe(true);
    expect(mayReveal(["risk"], "mobile")).toBe(false);
    expect(revealableKinds(["admin", "investigator"], PERSONAL_DATA_KINDS)).toEqual([]);
    expect(revealableKinds(["quality"], PERSONAL_DATA_KINDS)).toEqual(["mobile", "name"]);
    expect(revealableKinds(["compliance"], PERSONAL_DATA_KINDS)).toEqual([...PERSONAL_DATA_KINDS]);
  });

  test("a reveal shows only the kinds permitted; the rest stays masked", () => {
    const rows = detailRows(
      { type: "account_opening", holder: "individual", realName: "王小明", residentId: "11010519491231002X", mobile: "13800000042" },
      (kind) => revealableKinds(["manager"], ["resident_id", "mobile"]).includes(kind),
    );
    expect(rows.find((r) => r.field === "residentId")).toMatchObject({ value: "1****************X", masked: true });
    expect(rows.find((r) => r.field === "mobile")).toEqual({ field: "mobile", value: "13800000042", kind: "mobile" });
  });

  test("a reason is a choice from the list; \"other\" needs words of one's own", () => {
    expect(RevealReasonSchema.safeParse({}).error?.issues[0]?.message).toBe("reveal.reason_required");
    expect(RevealReasonSchema.safeParse({ reason: "curious" }).error?.issues[0]?.message).toBe("reveal.reason_required");
    expect(RevealReasonSchema.safeParse({ reason: "other", note: "  " }).error?.issues[0]).toMatchObject({ path: ["note"], message: "reveal.note_required" });
    expect(RevealReasonSchema.parse({ reason: "verify_identity", note: "" })).toEqual({ reason: "verify_identity" });
    expect(RevealReasonSchema.parse({ reason: "other", note: " Court order 12 " })).toEqual({ reason: "other", note: "Court order 12" });
  });
});
