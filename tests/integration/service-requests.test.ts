import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { outbox, serviceRequests, type StaffRole } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import {
  DEFAULT_APPROVAL_CHAINS,
  DEFAULT_LARGE_TRANSFER_FEN,
  RequestSettingsSchema,
  updateRequestSettings,
} from "../../domain/service-requests/approval-chains";
import { provideInformation, withdrawRequest } from "../../domain/service-requests/customer-actions";
import { decideApproval } from "../../domain/service-requests/decide-approval";
import { findCustomerRequestPage, findCustomerRequests, getCustomerRequest, getStaffRequest, MY_REQUESTS_PAGE, trackRequest } from "../../domain/service-requests/find-requests";
import type { RequestDetails } from "../../domain/service-requests/request-schemas";
import { acceptRequest, assignRequest, completeRequest, requestInformation } from "../../domain/service-requests/review-request";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { getUser, PORTAL_CONSENT, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { HOUR } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const cst = (local: string) => new Date(`${local}+08:00`);

const loan: RequestDetails = {
  type: "loan",
  loanType: "personal",
  amount: 20_000_000,
  termMonths: 36,
  monthlyIncome: 1_500_000,
  employment: "employed",
  employer: "Example Ltd",
};

describe(`service requests (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  async function staff(roles: StaffRole[]) {
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: `Staff ${roles.join("+")}`, email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  async function customer() {
    const { user, mobile } = await registerTestCustomer(services.domain);
    return { user: await getUser(services.domain, user.id), mobile };
  }

  test("a loan goes from submission through review and three approvals to completion", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-11-24T10:00:00")); // a Tuesday
    const { user } = await customer();
    const agent = await staff(["agent"]);
    const [manager, risk, compliance] = [await staff(["manager"]), await staff(["risk"]), await staff(["compliance"])];

    const submitted = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
    expect(submitted.number).toMatch(/^TL20261124\d{6}$/);
    expect(submitted.dueAt).toEqual(cst("2026-11-26T10:00:00"));
    expect(submitted.approvalChain).toEqual(["manager", "risk", "compliance"]);

    await assignRequest(ctx, { actor: agent, requestId: submitted.id });
    clock.advance(2 * HOUR);
    const asked = await requestInformation(ctx, { actor: agent, requestId: submitted.id, question: "Please send last month's payslip." });
    expect(asked.status).toBe("info_requested");

    // The customer answers a day later: the day waiting does not count.
    clock.advance(24 * HOUR);
    const answered = await provideInformation(ctx, { customer: user, requestId: submitted.id, answer: "Attached." });
    expect(answered.status).toBe("under_review");
    expect(answered.dueAt).toEqual(cst("2026-11-27T10:00:00"));

    // The review ends now: the time its SLA is judged by on the quality dashboard.
    const reviewedAt = clock.now();
    expect(await acceptRequest(ctx, { actor: agent, requestId: submitted.id })).toMatchObject({ reviewedAt, reviewedBy: agent.userId });
    // Four eyes: the reviewer may not approve, even holding the role.
    const agentManager = { ...agent, roles: ["agent", "manager"] as StaffRole[] };
    await expect(decideApproval(ctx, { actor: agentManager, requestId: submitted.id, decision: "approved" })).rejects.toMatchObject({
      userMessage: "request.four_eyes_reviewed_it",
    });
    // The wrong role for the step.
    await expect(decideApproval(ctx, { actor: risk, requestId: submitted.id, decision: "approved" })).rejects.toMatchObject({
      userMessage: "request.not_your_step",
    });
    await decideApproval(ctx, { actor: manager, requestId: submitted.id, decision: "approved" });
    // Nobody acts on two steps of one request.
    const managerRisk = { ...manager, roles: ["manager", "risk"] as StaffRole[] };
    await expect(decideApproval(ctx, { actor: managerRisk, requestId: submitted.id, decision: "approved" })).rejects.toMatchObject({
      userMessage: "request.four_eyes_decided_a_step",
    });
    await decideApproval(ctx, { actor: risk, requestId: submitted.id, decision: "approved" });
    const approved = await decideApproval(ctx, { actor: compliance, requestId: submitted.id, decision: "approved" });
    expect(approved.status).toBe("approved");
    const completed = await completeRequest(ctx, { actor: agent, requestId: submitted.id });
    expect(completed.status).toBe("completed");

    const view = await getCustomerRequest(ctx, { customerId: user.id, number: submitted.number });
    expect(view.events.map((e) => e.kind)).toEqual([
      "submitted",
      "review_started",
      "info_requested",
      "info_provided",
      "accepted",
      "approval_step_passed",
      "approval_step_passed",
      "approved",
      "completed",
    ]);
    expect(view.events.find((e) => e.kind === "info_requested")?.body).toBe("Please send last month's payslip.");
    // Internal entries and staff names never reach the customer.
    expect(view.events.every((e) => e.public && e.actorName === null)).toBe(true);
    expect(view.details.find((d) => d.field === "monthlyIncome")).toMatchObject({ value: "****", masked: true });

    // The customer was told at each step that matters, in their language, through the outbox.
    const mail = await ctx.db.select().from(outbox).where(eq(outbox.toAddress, user.email)).orderBy(asc(outbox.createdAt));
    // Completion also asks how it went (tests/integration/surveys.test.ts).
    expect(mail.map((m) => m.template)).toEqual(["request.received", "request.info_requested", "request.decided", "request.completed", "survey.invitation"]);
    expect(mail.every((m) => m.textBody.includes(submitted.number))).toBe(true);
    expect(mail[2]?.textBody).not.toContain("15,000");

    const actions = await auditActionsOf(ctx, submitted.id);
    expect(actions).toContain("request.submitted");
    expect(actions).toContain("request.approved");
  });

  test("a rejection ends the chain with the reason the customer reads", async () => {
    const { domain: ctx } = services;
    const { user } = await customer();
    const agent = await staff(["agent"]);
    const manager = await staff(["manager"]);
    const request = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
    await assignRequest(ctx, { actor: agent, requestId: request.id });
    await acceptRequest(ctx, { actor: agent, requestId: request.id });
    const rejected = await decideApproval(ctx, { actor: manager, requestId: request.id, decision: "rejected", reason: "Income too low for the amount." });
    expect(rejected.status).toBe("rejected");
    const view = await getCustomerRequest(ctx, { customerId: user.id, number: request.number });
    expect(view.events.at(-1)).toMatchObject({ kind: "rejected", body: "Income too low for the amount." });
    await expect(withdrawRequest(ctx, { customer: user, requestId: request.id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("a reviewer assigns a request to a colleague who reviews, never to someone who does not", async () => {
    const { domain: ctx } = services;
    const { user } = await customer();
    const [agent, colleague, quality] = [await staff(["agent"]), await staff(["supervisor"]), await staff(["quality"])];
    const request = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
    await expect(assignRequest(ctx, { actor: agent, requestId: request.id, assigneeId: quality.userId })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      field: "assigneeId",
    });
    const assigned = await assignRequest(ctx, { actor: agent, requestId: request.id, assigneeId: colleague.userId });
    expect(assigned).toMatchObject({ assigneeId: colleague.userId, status: "under_review" });
    await expect(assignRequest(ctx, { actor: quality, requestId: request.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("an inquiry has no approval chain: accepting it approves it", async () => {
    const { domain: ctx } = services;
    const { user } = await customer();
    const agent = await staff(["agent"]);
    const request = await submitRequest(ctx, { customer: user, details: { type: "inquiry", subject: "Card fees", message: "What does a replacement cost?" } });
    await assignRequest(ctx, { actor: agent, requestId: request.id });
    expect((await acceptRequest(ctx, { actor: agent, requestId: request.id })).status).toBe("approved");
  });

  test("a large transfer is a fund movement: one working day, risk then compliance", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-10-09T15:00:00"));
    const { user } = await customer();
    const request = await submitRequest(ctx, {
      customer: user,
      details: { type: "transfer", payeeName: "Li Lei", payeeAccount: "6222000000000001", amount: 10_000_000, purpose: "House deposit" },
      consent: PORTAL_CONSENT,
    });
    expect(request.clockKind).toBe("fund_movement");
    expect(request.approvalChain).toEqual(["risk", "compliance"]);
    expect(request.dueAt).toEqual(cst("2026-10-10T15:00:00")); // the adjusted working Saturday
  });

  test("an admin's new chains and threshold apply to requests submitted afterwards", async () => {
    const { domain: ctx } = services;
    const { user } = await customer();
    const before = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
    const admin = await staff(["admin"]);
    const chains = { ...DEFAULT_APPROVAL_CHAINS, loan: ["risk"] as StaffRole[] };
    await updateRequestSettings(ctx, { actorId: admin.userId, largeTransferYuan: 1_000, chains });
    try {
      const after = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
      expect(before.approvalChain).toEqual(["manager", "risk", "compliance"]);
      expect(after.approvalChain).toEqual(["risk"]);
      const transfer = await submitRequest(ctx, {
        customer: user,
        details: { type: "transfer", payeeName: "Han Meimei", payeeAccount: "6222000000000002", amount: 100_000, purpose: "Rent" },
        consent: PORTAL_CONSENT,
      });
      expect(transfer.clockKind).toBe("fund_movement");
      expect(RequestSettingsSchema.safeParse({ largeTransferYuan: "5", chains: { loan: ["risk", "risk"] } }).success).toBe(false);
    } finally {
      await updateRequestSettings(ctx, { actorId: admin.userId, largeTransferYuan: DEFAULT_LARGE_TRANSFER_FEN / 100, chains: DEFAULT_APPROVAL_CHAINS });
    }
  });

  test("50 concurrent submissions get 50 distinct, consecutive acceptance numbers", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-11-25T09:00:00"));
    const { user } = await customer();
    const before = await findCustomerRequests(ctx, { customerId: user.id });
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submitRequest(ctx, { customer: user, details: { type: "inquiry", subject: `Question ${i}`, message: "?" } })),
    );
    const sequence = made.map((r) => Number(r.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(sequence).size).toBe(50);
    expect(sequence.at(-1)! - sequence[0]!).toBe(49);
    expect((await findCustomerRequests(ctx, { customerId: user.id })).length).toBe(before.length + 50);
  });

  test("my requests come newest first, a page at a time, each request once", async () => {
    const { domain: ctx, clock } = services;
    const { user } = await customer();
    const ask = (i: number) => submitRequest(ctx, { customer: user, details: { type: "inquiry", subject: `Question ${i}`, message: "?" } });
    // Most at one instant, so the pages must also split requests submitted at the same moment.
    clock.set(cst("2026-11-25T09:00:00"));
    const older = await Promise.all(Array.from({ length: MY_REQUESTS_PAGE + 5 }, (_, i) => ask(i)));
    clock.set(cst("2026-11-25T10:00:00"));
    const newer = await Promise.all(Array.from({ length: MY_REQUESTS_PAGE }, (_, i) => ask(100 + i)));

    const first = await findCustomerRequestPage(ctx, { customerId: user.id });
    expect(first.rows).toHaveLength(MY_REQUESTS_PAGE);
    expect(new Set(first.rows.map((r) => r.number))).toEqual(new Set(newer.map((r) => r.number)));
    const second = await findCustomerRequestPage(ctx, { customerId: user.id, after: first.next });
    const third = await findCustomerRequestPage(ctx, { customerId: user.id, after: second.next });
    expect(second.rows).toHaveLength(MY_REQUESTS_PAGE);
    expect(third.rows).toHaveLength(5);
    expect(third.next).toBeNull();
    const paged = [...second.rows, ...third.rows].map((r) => r.number);
    expect(new Set(paged).size).toBe(paged.length);
    expect(new Set(paged)).toEqual(new Set(older.map((r) => r.number)));

    // Another customer's number does not open a page of this customer's list.
    const stranger = await customer();
    expect(await findCustomerRequestPage(ctx, { customerId: stranger.user.id, after: first.next })).toEqual({ rows: [], next: null });
  });

  test("another customer can neither read nor act on a request, by id or by number", async () => {
    const { domain: ctx } = services;
    const owner = await customer();
    const stranger = await customer();
    const request = await submitRequest(ctx, { customer: owner.user, details: loan, consent: PORTAL_CONSENT });
    await expect(getCustomerRequest(ctx, { customerId: stranger.user.id, number: request.number })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(withdrawRequest(ctx, { customer: stranger.user, requestId: request.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(provideInformation(ctx, { customer: stranger.user, requestId: request.id, answer: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await findCustomerRequests(ctx, { customerId: stranger.user.id })).toEqual([]);
    const [row] = await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, request.id));
    expect(row?.status).toBe("submitted");
  });

  test("staff without a request role see nothing; request staff see personal data masked", async () => {
    const { domain: ctx } = services;
    const { user } = await customer();
    const request = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
    await expect(getStaffRequest(ctx, { actor: await staff(["quality"]), number: request.number })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const agent = await staff(["agent"]);
    const masked = await getStaffRequest(ctx, { actor: agent, number: request.number });
    expect(masked.customer.mobile).toMatch(/\*{4}/);
    expect(masked.details.find((d) => d.field === "monthlyIncome")).toMatchObject({ value: "****", masked: true });
  });

  test("tracking without signing in needs the right mobile number and shows the status only", async () => {
    const { domain: ctx } = services;
    const { user, mobile } = await customer();
    const request = await submitRequest(ctx, { customer: user, details: loan, consent: PORTAL_CONSENT });
    expect(await trackRequest(ctx, { number: request.number, mobile })).toEqual({ status: "submitted", type: "loan", submittedAt: request.submittedAt });
    expect(await trackRequest(ctx, { number: request.number, mobile: "13900000000" })).toBeNull();
    expect(await trackRequest(ctx, { number: "TL20000101000001", mobile })).toBeNull();
  });
});
