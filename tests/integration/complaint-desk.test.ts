import crypto from "node:crypto";
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, complaintAttachments, complaints, outbox, type StaffRole } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { addComplaintNote } from "../../domain/complaints/add-complaint-note";
import { assignInvestigator } from "../../domain/complaints/assign-investigator";
import { changeComplaintSeverity } from "../../domain/complaints/change-complaint-severity";
import { applyComplaintTransition, lockComplaint } from "../../domain/complaints/complaint-records";
import type { ComplaintEvent } from "../../domain/complaints/complaint-lifecycle";
import type { ComplaintDetails } from "../../domain/complaints/complaint-schemas";
import { decideResolution } from "../../domain/complaints/decide-resolution";
import { extendDeadline } from "../../domain/complaints/extend-deadline";
import { fileChatComplaint } from "../../domain/complaints/file-chat-complaint";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { fileComplaintOnBehalf, findCustomerForComplaint } from "../../domain/complaints/file-complaint-on-behalf";
import { getCustomerComplaint } from "../../domain/complaints/find-complaints";
import { countDeskComplaints, findDeskComplaints } from "../../domain/complaints/find-desk-complaints";
import { getComplaintAttachment } from "../../domain/complaints/get-complaint-attachment";
import { getDeskComplaint } from "../../domain/complaints/get-desk-complaint";
import { proposeResolution } from "../../domain/complaints/propose-resolution";
import { scanComplaintDeadlines } from "../../domain/complaints/scan-complaint-deadlines";
import { openConversation, postMessage } from "../../domain/conversations/conversations";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { getUser, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { auditActionsOf, auditTrailOf } from "../support/audit";
import { HOUR } from "../support/clock";
import { PDF_BYTES } from "../support/files";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const cst = (local: string) => new Date(`${local}+08:00`);
const DAY = 24 * HOUR;

const details: ComplaintDetails = {
  category: "fees",
  businessLine: "cards",
  whatHappened: "An annual fee of 300 yuan was charged although the branch said the card was free for life.",
  whenHappened: "On 20 November",
  product: "Platinum credit card",
  branch: "Chaoyang branch",
  staffInvolved: undefined,
  request: "Refund the fee.",
};

describe(`the complaint desk (${testDatabaseKind()})`, () => {
  let services: TestServices;
  const staff: Record<"investigator" | "investigator2" | "supervisor" | "supervisor2" | "agent" | "quality" | "admin", StaffActor> = {} as never;

  async function member(roles: StaffRole[]): Promise<StaffActor> {
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: `Staff ${roles.join("+")}`, email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  beforeAll(async () => {
    services = await openTestServices();
    services.clock.set(cst("2026-12-01T10:00:00"));
    staff.investigator = await member(["investigator"]);
    staff.investigator2 = await member(["investigator"]);
    staff.supervisor = await member(["supervisor", "investigator"]);
    staff.supervisor2 = await member(["supervisor"]);
    staff.agent = await member(["agent"]);
    staff.quality = await member(["quality"]);
    staff.admin = await member(["admin"]);
  });
  afterAll(() => services?.cleanup());

  async function customer() {
    const registered = await registerTestCustomer(services.domain, { name: "Emma Brown" });
    return { user: await getUser(services.domain, registered.user.id), mobile: registered.mobile };
  }

  async function filed() {
    const { user } = await customer();
    const complaint = await fileComplaint(services.domain, { customer: user, details, channel: "portal" });
    return { customer: user, number: complaint.number, id: complaint.id };
  }

  /** Moves a complaint as the customer's side or the survey would (not the desk's business). */
  async function move(number: string, event: ComplaintEvent) {
    const ctx = services.domain;
    await ctx.db.transaction(async (tx) => {
      const complaint = await lockComplaint(tx, { number });
      await applyComplaintTransition(ctx, tx, { complaint, event, actor: "system", entries: [{ kind: event, public: true }] });
    });
  }

  async function row(number: string) {
    const [found] = await services.domain.db.select().from(complaints).where(eq(complaints.number, number));
    return found!;
  }

  async function mailTo(address: string, template: string) {
    return services.domain.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, address), eq(outbox.template, template)))
      .orderBy(asc(outbox.createdAt));
  }

  async function decided(number: string, investigator = staff.investigator) {
    const ctx = services.domain;
    await assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: investigator.userId });
    await proposeResolution(ctx, { actor: investigator, number, remedy: "Refund 300 yuan.", response: "We refund the fee." });
    await decideResolution(ctx, { actor: staff.supervisor2, number, decision: "approve" });
  }

  test("assign, record an internal finding, propose, four eyes, approve: the customer gets the response, never the finding", async () => {
    const ctx = services.domain;
    const { customer: owner, number } = await filed();

    // Only a supervisor assigns.
    await expect(assignInvestigator(ctx, { actor: staff.investigator, number, investigatorId: staff.investigator.userId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "complaint_desk.supervisors_only",
    });
    // Someone who does not investigate complaints cannot be assigned.
    await expect(assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: staff.agent.userId })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      field: "investigatorId",
    });
    // The supervisor takes it on as its investigator.
    await assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: staff.supervisor.userId });
    expect(await row(number)).toMatchObject({ status: "investigating", investigatorId: staff.supervisor.userId, firstInvestigatorId: staff.supervisor.userId });

    // An investigator it is not assigned to cannot record on it.
    await expect(addComplaintNote(ctx, { actor: staff.investigator, number, noteKind: "finding", text: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "complaint_desk.not_your_complaint",
    });
    await addComplaintNote(ctx, { actor: staff.supervisor, number, noteKind: "finding", text: "The branch manager waived fees without authority." });
    await addComplaintNote(ctx, { actor: staff.supervisor, number, noteKind: "contact", text: "We called you on 2 December to hear your side.", shared: true });

    await proposeResolution(ctx, { actor: staff.supervisor, number, remedy: "Refund 300 yuan to the card.", response: "We are refunding the 300 yuan fee." });
    expect(await row(number)).toMatchObject({ status: "resolution_proposed", proposedBy: staff.supervisor.userId });
    expect((await getCustomerComplaint(ctx, { customerId: owner.id, number })).resolution).toBeNull();

    // An investigator cannot approve; the proposer cannot approve their own proposal (four eyes).
    await expect(decideResolution(ctx, { actor: staff.investigator, number, decision: "approve" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(decideResolution(ctx, { actor: staff.supervisor, number, decision: "approve" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "complaint_desk.four_eyes",
    });
    const proposerView = await getDeskComplaint(ctx, { actor: staff.supervisor, number });
    expect(proposerView.fourEyesBlocked).toBe(true);
    expect(proposerView.actions).not.toContain("approve");
    expect(proposerView.actions).toContain("reject");
    expect(await row(number)).toMatchObject({ status: "resolution_proposed", decidedAt: null });

    const approvedAt = services.clock.advance(HOUR);
    await decideResolution(ctx, { actor: staff.supervisor2, number, decision: "approve" });
    const approved = await row(number);
    expect(approved).toMatchObject({ status: "awaiting_confirmation", decidedAt: approvedAt });

    const mail = await mailTo(owner.email, "complaint.resolution_sent");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(number);
    // The default confirmation period: 7 days after the decision, at midnight China time.
    expect(mail[0]!.textBody).toContain("by 9 December 2026 at 00:00 (Beijing time)");

    const mine = await getCustomerComplaint(ctx, { customerId: owner.id, number });
    expect(mine.resolution).toEqual({ remedy: "Refund 300 yuan to the card.", response: "We are refunding the 300 yuan fee." });
    const seen = mine.events.map((e) => e.kind);
    expect(seen).toEqual(["received", "acknowledged", "investigation_started", "note", "resolution_sent"]);
    expect(mine.events.find((e) => e.kind === "resolution_sent")!.body).toBe("We are refunding the 300 yuan fee.");
    expect(mine.events.find((e) => e.kind === "note")!.body).toContain("We called you");
    expect(JSON.stringify(mine)).not.toContain("without authority");

    // The desk sees everything, the internal entries marked as such.
    const desk = await getDeskComplaint(ctx, { actor: staff.quality, number });
    const finding = desk.events.find((e) => e.noteKind === "finding")!;
    expect(finding).toMatchObject({ public: false, body: "The branch manager waived fees without authority." });
    expect(desk.events.find((e) => e.kind === "resolution_proposed")).toMatchObject({ public: false, proposal: { remedy: "Refund 300 yuan to the card." } });
    expect(desk.customer).toEqual({ name: "E*** B****", mobile: expect.stringMatching(/^138\*{4}\d{4}$/) });
    expect(desk.deadline).toEqual({ slaState: null, msLeft: null });
    expect(await auditActionsOf(ctx, approved.id)).toEqual([
      "complaint.received",
      "complaint.acknowledged",
      "complaint.assigned",
      "complaint.note",
      "complaint.note",
      "complaint.resolution_proposed",
      "complaint.resolution_sent",
    ]);
  });

  test("a supervisor sends a resolution back with a reason that stays internal", async () => {
    const ctx = services.domain;
    const { customer: owner, number } = await filed();
    await assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: staff.investigator.userId });
    await proposeResolution(ctx, { actor: staff.investigator, number, remedy: "Apologise.", response: "We are sorry." });

    await expect(decideResolution(ctx, { actor: staff.supervisor2, number, decision: "reject", reason: "  " })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      field: "reason",
    });
    await decideResolution(ctx, { actor: staff.supervisor2, number, decision: "reject", reason: "The fee must be refunded, not only apologised for." });
    expect(await row(number)).toMatchObject({ status: "investigating", resolutionEnc: null, proposedBy: null });
    const mine = await getCustomerComplaint(ctx, { customerId: owner.id, number });
    expect(mine.events.map((e) => e.kind)).toEqual(["received", "acknowledged", "investigation_started"]);
    expect(await mailTo(owner.email, "complaint.resolution_sent")).toEqual([]);

    // The investigator tries again; the same supervisor may approve what someone else proposed.
    await proposeResolution(ctx, { actor: staff.investigator, number, remedy: "Refund 300 yuan.", response: "We refund the fee." });
    await decideResolution(ctx, { actor: staff.supervisor2, number, decision: "approve" });
    expect((await row(number)).status).toBe("awaiting_confirmation");
    const desk = await getDeskComplaint(ctx, { actor: staff.investigator, number });
    expect(desk.events.find((e) => e.kind === "resolution_rejected")).toMatchObject({ public: false, body: "The fee must be refunded, not only apologised for." });
  });

  test("extensions: to 30 days on the investigator's word, beyond only with a supervisor, never past 60, always with a reason the customer is told", async () => {
    const ctx = services.domain;
    const { customer: owner, number } = await filed();
    await assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: staff.investigator.userId });
    const original = await row(number);
    expect(original.allowanceDays).toBe(15);

    await expect(extendDeadline(ctx, { actor: staff.investigator, number, totalDays: 30, reason: " " })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      userMessage: "complaint_desk.extension.reason_required",
      field: "reason",
    });
    await expect(extendDeadline(ctx, { actor: staff.investigator2, number, totalDays: 30, reason: "Complex" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(extendDeadline(ctx, { actor: staff.investigator, number, totalDays: 45, reason: "Needs the card scheme's records" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "complaint_desk.extension.supervisor_approval_required",
    });

    await extendDeadline(ctx, { actor: staff.investigator, number, totalDays: 30, reason: "We need the card scheme's records." });
    const extended = await row(number);
    expect(extended.allowanceDays).toBe(30);
    expect(extended.dueAt.getTime() - original.dueAt.getTime()).toBe(15 * DAY);
    const told = await mailTo(owner.email, "complaint.extended");
    expect(told).toHaveLength(1);
    expect(told[0]!.textBody).toContain("We need the card scheme's records.");
    const mine = await getCustomerComplaint(ctx, { customerId: owner.id, number });
    expect(mine.events.at(-1)).toMatchObject({ kind: "deadline_extended", body: "We need the card scheme's records.", dueAt: extended.dueAt.toISOString() });

    // The investigator has used up what they may grant; the desk no longer offers it to them.
    expect((await getDeskComplaint(ctx, { actor: staff.investigator, number })).actions).not.toContain("extend");
    await expect(extendDeadline(ctx, { actor: staff.supervisor, number, totalDays: 61, reason: "Very complex" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      userMessage: "complaint_desk.extension.beyond_limit",
    });
    await expect(extendDeadline(ctx, { actor: staff.supervisor, number, totalDays: 30, reason: "Again" })).rejects.toMatchObject({
      userMessage: "complaint_desk.extension.not_longer",
    });
    await extendDeadline(ctx, { actor: staff.supervisor, number, totalDays: 60, reason: "Especially complex: an outside audit is needed." });
    const longest = await row(number);
    expect(longest.allowanceDays).toBe(60);
    expect(longest.dueAt.getTime() - original.dueAt.getTime()).toBe(45 * DAY);
    expect(await mailTo(owner.email, "complaint.extended")).toHaveLength(2);
    const desk = await getDeskComplaint(ctx, { actor: staff.supervisor, number });
    expect(desk.actions).not.toContain("extend");
    expect(desk.events.filter((e) => e.kind === "deadline_extended")).toHaveLength(2);
    const trail = await auditTrailOf(ctx, longest.id);
    expect(trail.filter((a) => a.action === "complaint.deadline_extended").map((a) => a.actorId)).toEqual([staff.investigator.userId, staff.supervisor.userId]);

    // After the decision the deadline no longer runs: nothing to extend.
    await proposeResolution(ctx, { actor: staff.investigator, number, remedy: "Refund.", response: "We refund." });
    await decideResolution(ctx, { actor: staff.supervisor2, number, decision: "approve" });
    const decidedOne = await filed();
    await decided(decidedOne.number);
    await expect(extendDeadline(ctx, { actor: staff.supervisor, number: decidedOne.number, totalDays: 30, reason: "Late" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  test("a review goes to an investigator other than the first; a reopened complaint may go back to them", async () => {
    const ctx = services.domain;
    const review = await filed();
    await decided(review.number);
    await move(review.number, "request_review");
    expect((await row(review.number)).status).toBe("review_requested");

    await expect(assignInvestigator(ctx, { actor: staff.supervisor, number: review.number, investigatorId: staff.investigator.userId })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "complaint_desk.review_needs_other_investigator",
      field: "investigatorId",
    });
    await assignInvestigator(ctx, { actor: staff.supervisor, number: review.number, investigatorId: staff.investigator2.userId });
    expect(await row(review.number)).toMatchObject({
      status: "investigating",
      investigatorId: staff.investigator2.userId,
      firstInvestigatorId: staff.investigator.userId,
    });
    // Handing the review on later keeps the rule, and so does a dispute of the review's decision.
    await expect(assignInvestigator(ctx, { actor: staff.supervisor, number: review.number, investigatorId: staff.investigator.userId })).rejects.toMatchObject({
      userMessage: "complaint_desk.review_needs_other_investigator",
    });
    await assignInvestigator(ctx, { actor: staff.supervisor, number: review.number, investigatorId: staff.supervisor.userId });
    await proposeResolution(ctx, { actor: staff.supervisor, number: review.number, remedy: "Refund.", response: "On review, we refund." });
    await decideResolution(ctx, { actor: staff.supervisor2, number: review.number, decision: "approve" });
    await move(review.number, "dispute");
    await expect(assignInvestigator(ctx, { actor: staff.supervisor, number: review.number, investigatorId: staff.investigator.userId })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const disputed = await filed();
    await decided(disputed.number);
    await move(disputed.number, "dispute");
    await assignInvestigator(ctx, { actor: staff.supervisor, number: disputed.number, investigatorId: staff.investigator.userId });
    expect(await row(disputed.number)).toMatchObject({ status: "investigating", investigatorId: staff.investigator.userId, reopenCount: 1 });
  });

  test("an overdue complaint alerts the supervisors once, however often the scan runs", async () => {
    const ctx = services.domain;
    services.clock.set(cst("2026-12-03T09:00:00"));
    const { number, id } = await filed();
    const due = (await row(number)).dueAt;
    expect(due).toEqual(cst("2026-12-19T00:00:00"));

    services.clock.set(new Date(due.getTime() - 2 * DAY));
    expect((await findDeskComplaints(ctx, { actor: staff.quality, filter: { sla: "at_risk" } })).map((r) => r.number)).toContain(number);
    await scanComplaintDeadlines(ctx);
    expect((await row(number)).overdueAlertedAt).toBeNull();

    services.clock.set(new Date(due.getTime() + 1_000));
    const overdue = await findDeskComplaints(ctx, { actor: staff.quality, filter: { sla: "overdue" } });
    expect(overdue.find((r) => r.number === number)).toMatchObject({ slaState: "overdue" });
    // Two instances at the same moment.
    await Promise.all([scanComplaintDeadlines(ctx), scanComplaintDeadlines(ctx)]);
    await scanComplaintDeadlines(ctx);
    services.clock.advance(DAY);
    await scanComplaintDeadlines(ctx);

    const alerts = await ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.template, "complaint.supervisor_alert"), like(outbox.subject, `%${number}%`)));
    const supervisors = 2;
    expect(alerts).toHaveLength(supervisors);
    expect((await auditActionsOf(ctx, id)).filter((a) => a === "complaint.overdue_alerted")).toHaveLength(1);
    expect((await row(number)).overdueAlertedAt).not.toBeNull();
    expect((await countDeskComplaints(ctx, { actor: staff.supervisor })).overdue).toBeGreaterThanOrEqual(1);
  });

  test("an agent takes a complaint down by phone for a customer found by mobile, or by email", async () => {
    const ctx = services.domain;
    const { user: caller, mobile } = await customer();

    expect(await findCustomerForComplaint(ctx, { actor: staff.agent, customer: `+86 ${mobile}` })).toMatchObject({ name: "E*** B****" });
    const byPhone = await fileComplaintOnBehalf(ctx, { actor: staff.agent, customer: mobile, channel: "phone", details });
    expect(byPhone).toMatchObject({ customerId: caller.id, channel: "phone", status: "acknowledged" });
    const byEmail = await fileComplaintOnBehalf(ctx, { actor: staff.supervisor, customer: caller.email.toUpperCase(), channel: "email", details });
    expect(byEmail).toMatchObject({ customerId: caller.id, channel: "email" });

    // The agent is recorded as the one who took it down; the customer is acknowledged as usual.
    const desk = await getDeskComplaint(ctx, { actor: staff.agent, number: byPhone.number });
    expect(desk.events[0]).toMatchObject({ kind: "received", actorName: "Staff agent" });
    const [received] = (await auditTrailOf(ctx, byPhone.id)).filter((a) => a.action === "complaint.received");
    expect(received!.actorId).toBe(staff.agent.userId);
    expect(await mailTo(caller.email, "complaint.acknowledged")).toHaveLength(2);
    expect((await getCustomerComplaint(ctx, { customerId: caller.id, number: byPhone.number })).channel).toBe("phone");

    await expect(fileComplaintOnBehalf(ctx, { actor: staff.agent, customer: "13999999999", channel: "phone", details })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "customer",
    });
    await expect(fileComplaintOnBehalf(ctx, { actor: staff.agent, customer: "nobody@example.test", channel: "counter", details })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Staff accounts are not customers.
    await expect(findCustomerForComplaint(ctx, { actor: staff.agent, customer: (await getUser(ctx, staff.quality.userId)).email })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    for (const actor of [staff.investigator, staff.quality, staff.admin]) {
      await expect(fileComplaintOnBehalf(ctx, { actor, customer: mobile, channel: "phone", details })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const bad = fileComplaintOnBehalf(ctx, { actor: staff.agent, customer: mobile, channel: "phone", details: { ...details, request: "" } });
    await expect(bad).rejects.toMatchObject({ code: "INVALID_INPUT", field: "request" });
  });

  test("customers, quality, agents and admins take no investigator's or supervisor's step", async () => {
    const ctx = services.domain;
    const { customer: owner, number } = await filed();
    const asCustomer: StaffActor = { userId: owner.id, roles: [] };

    await expect(getDeskComplaint(ctx, { actor: asCustomer, number })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(findDeskComplaints(ctx, { actor: asCustomer, filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getDeskComplaint(ctx, { actor: staff.admin, number })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getDeskComplaint(ctx, { actor: staff.quality, number: "TL20990101999999" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getDeskComplaint(ctx, { actor: staff.quality, number })).actions).toEqual([]);
    expect((await getDeskComplaint(ctx, { actor: staff.agent, number })).actions).toEqual([]);

    for (const actor of [asCustomer, staff.quality, staff.agent, staff.admin]) {
      await expect(assignInvestigator(ctx, { actor, number, investigatorId: staff.investigator.userId })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(addComplaintNote(ctx, { actor, number, noteKind: "finding", text: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(changeComplaintSeverity(ctx, { actor, number, severity: "high" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: staff.investigator.userId });
    for (const actor of [asCustomer, staff.quality, staff.agent, staff.admin]) {
      await expect(proposeResolution(ctx, { actor, number, remedy: "r", response: "r" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(extendDeadline(ctx, { actor, number, totalDays: 30, reason: "r" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await proposeResolution(ctx, { actor: staff.investigator, number, remedy: "r", response: "r" });
    for (const actor of [asCustomer, staff.quality, staff.agent, staff.admin, staff.investigator]) {
      await expect(decideResolution(ctx, { actor, number, decision: "approve" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(decideResolution(ctx, { actor, number, decision: "reject", reason: "r" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await row(number)).status).toBe("resolution_proposed");

    // The severity is the investigator's (or a supervisor's) call, recorded internally.
    await changeComplaintSeverity(ctx, { actor: staff.investigator, number, severity: "high" });
    expect((await row(number)).severity).toBe("high");
    const desk = await getDeskComplaint(ctx, { actor: staff.quality, number });
    expect(desk.events.find((e) => e.kind === "severity_changed")).toMatchObject({ public: false });
    const audited = (await auditTrailOf(ctx, (await row(number)).id)).find((a) => a.action === "complaint.severity_changed");
    expect(audited).toMatchObject({ actorId: staff.investigator.userId, before: { severity: "medium" }, after: { severity: "high" } });
  });

  test("the queue filters by investigator, status, channel, category and deadline, soonest due first", async () => {
    const ctx = services.domain;
    const first = await filed();
    services.clock.advance(DAY);
    const second = await filed();
    await assignInvestigator(ctx, { actor: staff.supervisor, number: second.number, investigatorId: staff.investigator2.userId });

    const mine = await findDeskComplaints(ctx, { actor: staff.investigator2, filter: { mine: true } });
    expect(mine.map((r) => r.number)).toContain(second.number);
    expect(mine.map((r) => r.number)).not.toContain(first.number);
    expect(mine.every((r) => r.investigatorName === "Staff investigator")).toBe(true);

    const all = await findDeskComplaints(ctx, { actor: staff.agent, filter: { channel: "portal", category: "fees" } });
    const numbers = all.map((r) => r.number);
    expect(numbers.indexOf(first.number)).toBeLessThan(numbers.indexOf(second.number));
    const dues = all.map((r) => r.dueAt.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(await findDeskComplaints(ctx, { actor: staff.agent, filter: { channel: "counter", category: "privacy" } })).toEqual([]);
    const acknowledged = await findDeskComplaints(ctx, { actor: staff.agent, filter: { status: "acknowledged" } });
    expect(acknowledged.every((r) => r.status === "acknowledged")).toBe(true);
    expect(acknowledged.map((r) => r.number)).toContain(first.number);
  });

  test("a complaint's files are downloaded by staff who read complaints, and each download is audited", async () => {
    const ctx = services.domain;
    const { number, id, customer: owner } = await filed();
    const other = await filed();
    const storageKey = await ctx.attachments.put(PDF_BYTES);
    const [file] = await ctx.db
      .insert(complaintAttachments)
      .values({
        complaintId: id,
        uploadedBy: owner.id,
        fileName: "statement.pdf",
        contentType: "application/pdf",
        size: PDF_BYTES.length,
        sha256: crypto.createHash("sha256").update(PDF_BYTES).digest("hex"),
        storageKey,
        createdAt: ctx.now(),
      })
      .returning();

    expect((await getDeskComplaint(ctx, { actor: staff.investigator, number })).attachments).toEqual([{ id: file!.id, fileName: "statement.pdf", size: PDF_BYTES.length }]);
    const { bytes } = await getComplaintAttachment(ctx, { viewer: { kind: "staff", actor: staff.investigator }, number, attachmentId: file!.id });
    expect(Buffer.compare(bytes, PDF_BYTES)).toBe(0);
    expect(await auditActionsOf(ctx, file!.id)).toEqual(["complaint_attachment.downloaded"]);

    await expect(getComplaintAttachment(ctx, { viewer: { kind: "staff", actor: staff.investigator }, number: other.number, attachmentId: file!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getComplaintAttachment(ctx, { viewer: { kind: "staff", actor: staff.investigator }, number, attachmentId: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getComplaintAttachment(ctx, { viewer: { kind: "staff", actor: staff.admin }, number, attachmentId: file!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("a complaint taken down in the chat shows the conversation it came from", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const participant = { kind: "customer" as const, userId: user.id };
    const chat = await openConversation(ctx, participant);
    await postMessage(ctx, { participant, conversationId: chat.id, clientId: crypto.randomUUID(), text: "我要投诉信用卡年费的问题" });
    const complaint = await fileChatComplaint(ctx, { customerId: user.id, conversationId: chat.id, details });

    const desk = await getDeskComplaint(ctx, { actor: staff.investigator, number: complaint.number });
    expect(desk.complaint.channel).toBe("chat");
    expect(desk.messages.map((m) => m.text)).toContain("我要投诉信用卡年费的问题");
    // A complaint filed in the portal has no conversation.
    expect((await getDeskComplaint(ctx, { actor: staff.investigator, number: (await filed()).number })).messages).toEqual([]);
  });

  test("an archived complaint refuses every desk action, and the database refuses it too", async () => {
    const ctx = services.domain;
    const { number } = await filed();
    await decided(number);
    await move(number, "accept");
    await move(number, "survey_satisfied");
    const archived = await row(number);
    expect(archived.status).toBe("archived");
    const before = JSON.stringify(archived);

    const view = await getDeskComplaint(ctx, { actor: staff.supervisor, number });
    expect(view.actions).toEqual([]);
    expect(view.complaint.archivedAt).not.toBeNull();

    const refused = { code: "CONFLICT", userMessage: "complaint_desk.archived_read_only" };
    await expect(assignInvestigator(ctx, { actor: staff.supervisor, number, investigatorId: staff.investigator2.userId })).rejects.toMatchObject(refused);
    await expect(addComplaintNote(ctx, { actor: staff.supervisor, number, noteKind: "finding", text: "late" })).rejects.toMatchObject(refused);
    await expect(proposeResolution(ctx, { actor: staff.supervisor, number, remedy: "r", response: "r" })).rejects.toMatchObject(refused);
    await expect(decideResolution(ctx, { actor: staff.supervisor2, number, decision: "approve" })).rejects.toMatchObject(refused);
    await expect(decideResolution(ctx, { actor: staff.supervisor2, number, decision: "reject", reason: "r" })).rejects.toMatchObject(refused);
    await expect(extendDeadline(ctx, { actor: staff.supervisor, number, totalDays: 30, reason: "r" })).rejects.toMatchObject(refused);
    await expect(changeComplaintSeverity(ctx, { actor: staff.supervisor, number, severity: "low" })).rejects.toMatchObject(refused);
    expect(JSON.stringify(await row(number))).toBe(before);

    await expect(ctx.db.update(complaints).set({ severity: "low" }).where(eq(complaints.number, number))).rejects.toThrow();
    // The audit trail holds the seal and nothing the desk tried afterwards.
    const trail = await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, archived.id));
    expect(trail.at(-1)!.action).toBe("complaint.archived");
  });
});
