import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { complaintAttachments, complaints, consents, serviceRequests, type StaffRole } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { validateUploads } from "../../domain/attachments/add-attachments";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { fileComplaintOnBehalf } from "../../domain/complaints/file-complaint-on-behalf";
import { PRIVACY_NOTICE_VERSION } from "../../domain/consents/consent-rules";
import { getConsent } from "../../domain/consents/get-consent";
import { withdrawConsent } from "../../domain/consents/withdraw-consent";
import { getStaffRequest } from "../../domain/service-requests/find-requests";
import type { RequestDetails } from "../../domain/service-requests/request-schemas";
import { revealStaffRequest } from "../../domain/service-requests/reveal-request";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { getUser, PORTAL_CONSENT, registerTestCustomer, TEST_USER_AGENT, uniqueEmail } from "../support/accounts";
import { auditTrailOf } from "../support/audit";
import { PNG_BYTES } from "../support/files";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const accountOpening: RequestDetails = {
  type: "account_opening",
  holder: "individual",
  realName: "王小明",
  residentId: "11010519491231002X",
  mobile: "13800000042",
};

const complaint = {
  category: "service_attitude",
  businessLine: "deposits",
  whatHappened: "The teller was rude.",
  whenHappened: "Last Tuesday",
  request: "An apology.",
} as const;

describe(`consent to sensitive data and reveal with a reason (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  async function customer() {
    const { user } = await registerTestCustomer(services.domain);
    return getUser(services.domain, user.id);
  }

  async function staff(roles: StaffRole[]) {
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: `Staff ${roles.join("+")}`, email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  const requestsOf = (customerId: string) => services.domain.db.select().from(serviceRequests).where(eq(serviceRequests.customerId, customerId));
  const consentRows = (userId: string) => services.domain.db.select().from(consents).where(eq(consents.userId, userId));

  test("without consent an account opening is refused on the consent field and nothing is stored", async () => {
    const ctx = services.domain;
    const user = await customer();
    await expect(submitRequest(ctx, { customer: user, details: accountOpening })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      field: "consent",
      userMessage: "consent.required",
    });
    expect(await requestsOf(user.id)).toEqual([]);
    expect(await consentRows(user.id)).toEqual([]);
    // A plain enquiry carries no sensitive data and needs none.
    await submitRequest(ctx, { customer: user, details: { type: "inquiry", subject: "Fees", message: "Which fees apply?" } });
    expect(await requestsOf(user.id)).toHaveLength(1);
  });

  test("consent given with a submission is recorded with the notice version, time and channel; the client evidence is encrypted", async () => {
    const { domain: ctx, clock } = services;
    const user = await customer();
    const at = new Date("2026-11-24T02:00:00Z");
    clock.set(at);
    const request = await submitRequest(ctx, { customer: user, details: accountOpening, consent: PORTAL_CONSENT });
    const [row] = await consentRows(user.id);
    expect(row).toMatchObject({ purpose: "sensitive_financial", noticeVersion: PRIVACY_NOTICE_VERSION, channel: "portal", grantedAt: at, withdrawnAt: null, recordedBy: null });
    expect(row!.clientEnc).not.toContain(TEST_USER_AGENT);
    expect(JSON.parse(ctx.cipher.decrypt(row!.clientEnc!))).toEqual({ ip: "127.0.0.1", userAgent: TEST_USER_AGENT });
    expect((await auditTrailOf(ctx, row!.id)).map((r) => [r.action, r.after])).toEqual([
      ["consent.granted", { userId: user.id, purpose: "sensitive_financial", noticeVersion: PRIVACY_NOTICE_VERSION, channel: "portal" }],
    ]);
    // On record, the next sensitive submission needs no new tick, and no second consent row.
    clock.set(new Date("2026-11-25T02:00:00Z"));
    await submitRequest(ctx, { customer: user, details: { type: "transfer", payeeName: "Li Lei", payeeAccount: "6222000000000001", amount: 10_000, purpose: "Rent" } });
    await submitRequest(ctx, { customer: user, details: accountOpening, consent: PORTAL_CONSENT });
    expect(await consentRows(user.id)).toHaveLength(1);
    expect((await getConsent(ctx, { userId: user.id })).inForce).toEqual({ grantedAt: at, channel: "portal" });
    expect(request.number).toMatch(/^TL/);
  });

  test("withdrawal stops new sensitive submissions, keeps what was submitted, and is audited; consenting again works", async () => {
    const ctx = services.domain;
    const user = await customer();
    await submitRequest(ctx, { customer: user, details: accountOpening, consent: PORTAL_CONSENT });
    expect(await withdrawConsent(ctx, { userId: user.id })).toEqual({ withdrawn: 1 });
    await expect(withdrawConsent(ctx, { userId: user.id })).rejects.toMatchObject({ code: "CONFLICT", userMessage: "consent.nothing_to_withdraw" });
    await expect(submitRequest(ctx, { customer: user, details: accountOpening })).rejects.toMatchObject({ field: "consent" });
    expect(await requestsOf(user.id)).toHaveLength(1);
    const [withdrawn] = await consentRows(user.id);
    expect(withdrawn!.withdrawnAt).toBeInstanceOf(Date);
    expect((await auditTrailOf(ctx, withdrawn!.id)).map((r) => r.action)).toEqual(["consent.granted", "consent.withdrawn"]);
    const view = await getConsent(ctx, { userId: user.id });
    expect(view.inForce).toBeNull();
    expect(view.history).toHaveLength(1);

    await submitRequest(ctx, { customer: user, details: accountOpening, consent: PORTAL_CONSENT });
    expect(await requestsOf(user.id)).toHaveLength(2);
    expect((await consentRows(user.id)).filter((c) => c.withdrawnAt === null)).toHaveLength(1);
  });

  test("a complaint's files need consent, its text alone does not; staff record a verbal consent with the channel", async () => {
    const ctx = services.domain;
    const user = await customer();
    const upload = validateUploads([{ name: "身份证.png", bytes: PNG_BYTES }], 0);
    if (!upload.ok) throw new Error("test file refused");
    await expect(fileComplaint(ctx, { customer: user, details: complaint, channel: "portal", files: upload.files })).rejects.toMatchObject({ field: "consent" });
    expect(await ctx.db.select().from(complaints).where(eq(complaints.customerId, user.id))).toEqual([]);
    await fileComplaint(ctx, { customer: user, details: complaint, channel: "portal" });
    const withFiles = await fileComplaint(ctx, { customer: user, details: complaint, channel: "portal", files: upload.files, consent: PORTAL_CONSENT });
    expect(await ctx.db.select().from(complaintAttachments).where(eq(complaintAttachments.complaintId, withFiles.id))).toHaveLength(1);

    const caller = await customer();
    const agent = await staff(["agent"]);
    await fileComplaintOnBehalf(ctx, { actor: agent, customer: caller.email, channel: "phone", details: complaint, verbalConsent: true });
    const [verbal] = await consentRows(caller.id);
    expect(verbal).toMatchObject({ channel: "phone", recordedBy: agent.userId, clientEnc: null, noticeVersion: PRIVACY_NOTICE_VERSION });
    expect((await auditTrailOf(ctx, verbal!.id))[0]).toMatchObject({ action: "consent.granted", actorId: agent.userId });
  });

  test("a reveal needs a reason; with one, it shows the permitted data once and audits who, what and why, the note encrypted", async () => {
    const ctx = services.domain;
    const user = await customer();
    const request = await submitRequest(ctx, { customer: user, details: accountOpening, consent: PORTAL_CONSENT });
    const agent = await staff(["agent"]);
    const revealsOf = async () => (await auditTrailOf(ctx, request.id)).filter((r) => r.action === "pii.revealed");

    await expect(revealStaffRequest(ctx, { actor: agent, number: request.number, reason: {} })).rejects.toMatchObject({ code: "INVALID_INPUT", field: "reason", userMessage: "reveal.reason_required" });
    await expect(revealStaffRequest(ctx, { actor: agent, number: request.number, reason: { reason: "other" } })).rejects.toMatchObject({ field: "note", userMessage: "reveal.note_required" });
    expect(await revealsOf()).toEqual([]);

    const note = "Caller 王小明 confirmed date of birth";
    const revealed = await revealStaffRequest(ctx, { actor: agent, number: request.number, reason: { reason: "verify_identity", note } });
    expect(revealed.details.find((d) => d.field === "residentId")).toEqual({ field: "residentId", value: "11010519491231002X", kind: "resident_id" });
    expect(revealed.customerMobile).toMatch(/^1380000\d{4}$/);
    const [entry] = await revealsOf();
    expect(entry).toMatchObject({ actorId: agent.userId, objectType: "service_request", after: { customerId: user.id, reason: "verify_identity", fields: ["mobile", "resident_id"] } });
    expect(JSON.stringify(entry)).not.toContain("王小明");
    expect(JSON.stringify(entry)).not.toContain("11010519491231002X");

    // The desk lists the reveal with its reason; its own view stays masked.
    const view = await getStaffRequest(ctx, { actor: agent, number: request.number });
    expect(view.details.find((d) => d.field === "residentId")).toMatchObject({ masked: true });
    expect(view.reveals).toEqual([{ at: entry!.at, staffName: "Staff agent", fields: ["mobile", "resident_id"], reason: "verify_identity", note }]);
  });

  test("a role without permission is refused, and a partial permission reveals only its part", async () => {
    const ctx = services.domain;
    const user = await customer();
    const request = await submitRequest(ctx, { customer: user, details: accountOpening, consent: PORTAL_CONSENT });
    const reason = { reason: "process_case" };
    await expect(revealStaffRequest(ctx, { actor: await staff(["risk"]), number: request.number, reason })).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: "reveal.not_permitted" });
    await expect(revealStaffRequest(ctx, { actor: await staff(["quality"]), number: request.number, reason })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const risk = await getStaffRequest(ctx, { actor: await staff(["risk"]), number: request.number });
    expect(risk.revealable).toEqual([]);

    const manager = await staff(["manager"]);
    const partial = await revealStaffRequest(ctx, { actor: manager, number: request.number, reason });
    expect(partial.fields).toEqual(["mobile"]);
    expect(partial.details.find((d) => d.field === "residentId")).toMatchObject({ masked: true });
    expect(partial.details.find((d) => d.field === "mobile")).toEqual({ field: "mobile", value: "13800000042", kind: "mobile" });
    const trail = (await auditTrailOf(ctx, request.id)).filter((r) => r.action === "pii.revealed");
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actorId: manager.userId, after: { fields: ["mobile"], reason: "process_case", noteEnc: null } });
  });
});
