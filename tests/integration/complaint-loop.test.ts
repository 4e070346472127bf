import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { complaintEvents, complaints, outbox, surveyInvitations, users, type StaffRole } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { addComplaintNote } from "../../domain/complaints/add-complaint-note";
import { assignInvestigator } from "../../domain/complaints/assign-investigator";
import { verifyArchivedComplaint } from "../../domain/complaints/complaint-records";
import type { ComplaintInput } from "../../domain/complaints/complaint-schemas";
import { answerComplaintSurvey } from "../../domain/complaints/complaint-survey";
import { acceptResolution, acceptSilentResolutions, disputeResolution, requestReview } from "../../domain/complaints/customer-decision";
import { decideResolution } from "../../domain/complaints/decide-resolution";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { getCustomerComplaint } from "../../domain/complaints/find-complaints";
import { proposeResolution } from "../../domain/complaints/propose-resolution";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { getUser, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { HOUR } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const cst = (local: string) => new Date(`${local}+08:00`);
const DAY = 24 * HOUR;

const details: ComplaintInput = {
  category: "service_attitude",
  businessLine: "deposits",
  whatHappened: "The teller refused to open a savings account for my mother and was rude to her.",
  whenHappened: "Last Friday morning",
  branch: "Haidian branch",
  request: "An apology and the account opened.",
};

describe(`the complaint loop from the customer's side (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let investigator: StaffActor;
  let secondInvestigator: StaffActor;
  let supervisor: StaffActor;
  let otherSupervisor: StaffActor;

  async function staff(roles: StaffRole[]): Promise<StaffActor> {
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: "Staff", email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  beforeAll(async () => {
    services = await openTestServices();
    investigator = await staff(["investigator"]);
    secondInvestigator = await staff(["investigator"]);
    supervisor = await staff(["supervisor", "investigator"]);
    otherSupervisor = await staff(["supervisor"]);
  });
  afterAll(() => services?.cleanup());

  async function fileAndDecide(by: StaffActor = investigator) {
    const ctx = services.domain;
    const { user } = await registerTestCustomer(ctx, { locale: "en" });
    const customer = await getUser(ctx, user.id);
    const filed = await fileComplaint(ctx, { customer, details, channel: "portal" });
    const number = filed.number;
    await assignInvestigator(ctx, { actor: supervisor, number, investigatorId: by.userId });
    await decide(number, by);
    return { customer, number, id: filed.id };
  }

  async function decide(number: string, by: StaffActor, response = "We apologise. The account was opened on Monday.") {
    const ctx = services.domain;
    await addComplaintNote(ctx, { actor: by, number, noteKind: "finding", text: "CCTV shows the teller raising her voice." });
    await proposeResolution(ctx, { actor: by, number, remedy: "Account opened; teller retrained.", response });
    await decideResolution(ctx, { actor: by.userId === supervisor.userId ? otherSupervisor : supervisor, number, decision: "approve" });
  }

  const rowOf = async (id: string) => (await services.domain.db.select().from(complaints).where(eq(complaints.id, id)))[0]!;
  const mailTo = async (email: string) =>
    (await services.domain.db.select().from(outbox).where(eq(outbox.toAddress, email)).orderBy(asc(outbox.createdAt))).map((m) => m.template);

  test("a dispute reopens the complaint to a supervisor with the reason; a new decision accepted brings the survey; a satisfied answer archives and seals it", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-01T09:00:00"));
    const { customer, number, id } = await fileAndDecide();

    let view = await getCustomerComplaint(ctx, { customerId: customer.id, number });
    expect(view.status).toBe("awaiting_confirmation");
    expect(view.resolution).toEqual({ remedy: "Account opened; teller retrained.", response: "We apologise. The account was opened on Monday." });
    expect(view.canAnswer).toBe(true);
    // Seven calendar days to answer: to the end of 8 December, China time.
    expect(view.answerBy).toEqual(cst("2026-12-09T00:00:00"));
    // The internal finding never reaches the customer's timeline.
    expect(view.events.map((e) => e.body)).not.toContain("CCTV shows the teller raising her voice.");
    expect(await mailTo(customer.email)).toEqual(["complaint.acknowledged", "complaint.resolution_sent"]);

    // A dispute without a reason changes nothing.
    await expect(disputeResolution(ctx, { customerId: customer.id, number, reason: "  " })).rejects.toMatchObject({ userMessage: "complaint.reason_required" });
    expect((await rowOf(id)).status).toBe("awaiting_confirmation");
    // Another customer cannot answer it.
    const { user: stranger } = await registerTestCustomer(ctx);
    await expect(acceptResolution(ctx, { customerId: stranger.id, number })).rejects.toMatchObject({ code: "NOT_FOUND" });

    clock.advance(HOUR);
    await disputeResolution(ctx, { customerId: customer.id, number, reason: "Nobody apologised to my mother in person." });
    let row = await rowOf(id);
    expect(row).toMatchObject({ status: "reopened", reopenCount: 1 });
    // A fresh 15-day clock for the new decision.
    expect(row.dueAt).toEqual(cst("2026-12-17T00:00:00"));
    const supervisorMail = await ctx.db
      .select({ template: outbox.template, subject: outbox.subject })
      .from(outbox)
      .innerJoin(users, eq(users.email, outbox.toAddress))
      .where(and(eq(users.id, supervisor.userId), eq(outbox.template, "complaint.supervisor_alert")));
    expect(supervisorMail.some((m) => m.subject.includes(number))).toBe(true);
    // Once reopened, the old decision is not answerable any more.
    await expect(acceptResolution(ctx, { customerId: customer.id, number })).rejects.toMatchObject({ userMessage: "complaint.transition_not_allowed" });

    await assignInvestigator(ctx, { actor: supervisor, number, investigatorId: investigator.userId });
    clock.advance(DAY);
    await decide(number, investigator, "The branch manager will call on your mother to apologise.");
    view = await getCustomerComplaint(ctx, { customerId: customer.id, number });
    expect(view.resolution?.response).toBe("The branch manager will call on your mother to apologise.");
    expect(view.reopenCount).toBe(1);

    await acceptResolution(ctx, { customerId: customer.id, number });
    expect((await rowOf(id)).status).toBe("awaiting_survey");
    const [invitation] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.subjectId, id));
    expect(invitation).toMatchObject({ subjectType: "complaint", customerId: customer.id, answeredAt: null });
    expect(await mailTo(customer.email)).toContain("survey.invitation");

    await ctx.db.transaction((tx) => answerComplaintSurvey(ctx, tx, { complaintId: id, customerId: customer.id, score: 5, resolved: true, comment: null }));
    row = await rowOf(id);
    expect(row.status).toBe("archived");
    expect(row.archivedAt).toEqual(ctx.now());
    // Retained for five years by default.
    expect(row.retainUntil!.getTime() - row.archivedAt!.getTime()).toBeCloseTo(5 * 365.25 * DAY, -3);
    expect(await verifyArchivedComplaint(ctx, ctx.db, id)).toMatchObject({ ok: true });
    const actions = await auditActionsOf(ctx, id);
    expect(actions).toContain("complaint.disputed");
    expect(actions.at(-1)).toBe("complaint.archived");

    // Nobody can change it now: not the application …
    await expect(acceptResolution(ctx, { customerId: customer.id, number })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(addComplaintNote(ctx, { actor: supervisor, number, noteKind: "finding", text: "late note" })).rejects.toBeTruthy();
    // … nor anyone with a database connection.
    await expect(ctx.db.update(complaints).set({ severity: "high" }).where(eq(complaints.id, id))).rejects.toThrow();
    await expect(ctx.db.delete(complaintEvents).where(eq(complaintEvents.complaintId, id))).rejects.toThrow();
    await expect(
      ctx.db.insert(complaintEvents).values({ complaintId: id, at: new Date(ctx.now().getTime() + 1), kind: "note", public: false }),
    ).rejects.toThrow();
    expect(await verifyArchivedComplaint(ctx, ctx.db, id)).toMatchObject({ ok: true });
  });

  test("the seal detects a change made behind the database's back", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-03T09:00:00"));
    const { customer, number, id } = await fileAndDecide();
    await acceptResolution(ctx, { customerId: customer.id, number });
    await ctx.db.transaction((tx) => answerComplaintSurvey(ctx, tx, { complaintId: id, customerId: customer.id, score: 4, resolved: true, comment: null }));
    expect(await verifyArchivedComplaint(ctx, ctx.db, id)).toMatchObject({ ok: true });

    // Someone with the power to switch the guard off rewrites what the customer said.
    const forged = ctx.cipher.encrypt(JSON.stringify({ ...details, request: "Nothing." }));
    await ctx.db.execute(sql`alter table complaints disable trigger complaints_archive_read_only`);
    try {
      await ctx.db.update(complaints).set({ detailsEnc: forged }).where(eq(complaints.id, id));
    } finally {
      await ctx.db.execute(sql`alter table complaints enable trigger complaints_archive_read_only`);
    }
    expect(await verifyArchivedComplaint(ctx, ctx.db, id)).toMatchObject({ ok: false });
  });

  test("a survey answer of 2 reopens the complaint and counts the reopening", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-04T09:00:00"));
    const { customer, number, id } = await fileAndDecide();
    await acceptResolution(ctx, { customerId: customer.id, number });
    await ctx.db.transaction((tx) =>
      answerComplaintSurvey(ctx, tx, { complaintId: id, customerId: customer.id, score: 2, resolved: true, comment: "Still no apology." }),
    );
    expect(await rowOf(id)).toMatchObject({ status: "reopened", reopenCount: 1, archivedAt: null });
    const view = await getCustomerComplaint(ctx, { customerId: customer.id, number });
    expect(view.events.at(-1)).toMatchObject({ kind: "reopened", body: "Still no apology." });
  });

  test("silence for the confirmation period accepts the resolution, once, whichever instance looks", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-05T16:00:00"));
    const { number, id } = await fileAndDecide();

    // Late on the seventh day: not yet.
    clock.set(cst("2026-12-12T23:59:00"));
    await acceptSilentResolutions(ctx);
    expect((await rowOf(id)).status).toBe("awaiting_confirmation");

    clock.set(cst("2026-12-13T00:00:00"));
    const [first, second] = await Promise.all([acceptSilentResolutions(ctx), acceptSilentResolutions(ctx)]);
    expect(first.accepted + second.accepted).toBeGreaterThanOrEqual(1);
    expect(await rowOf(id)).toMatchObject({ status: "awaiting_survey" });
    const events = await ctx.db.select().from(complaintEvents).where(and(eq(complaintEvents.complaintId, id), eq(complaintEvents.kind, "accepted_by_silence")));
    expect(events).toHaveLength(1);
    const invitations = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.subjectId, id));
    expect(invitations).toHaveLength(1);
    expect(number).toBeTruthy();
  });

  test("a review goes to another investigator; after archiving it opens a linked case; after 30 days it is refused", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-07T10:00:00"));
    const { customer, number, id } = await fileAndDecide();

    await expect(requestReview(ctx, { customerId: customer.id, number, reason: "" })).rejects.toMatchObject({ userMessage: "complaint.reason_required" });
    const inCase = await requestReview(ctx, { customerId: customer.id, number, reason: "The CCTV was not looked at properly." });
    expect(inCase.number).toBe(number);
    expect(await rowOf(id)).toMatchObject({ status: "review_requested", reopenCount: 0 });
    await expect(assignInvestigator(ctx, { actor: supervisor, number, investigatorId: investigator.userId })).rejects.toBeTruthy();
    await assignInvestigator(ctx, { actor: supervisor, number, investigatorId: secondInvestigator.userId });
    await decide(number, secondInvestigator, "Having looked again, we confirm our decision.");
    await acceptResolution(ctx, { customerId: customer.id, number });
    await ctx.db.transaction((tx) => answerComplaintSurvey(ctx, tx, { complaintId: id, customerId: customer.id, score: 3, resolved: true, comment: null }));
    expect((await rowOf(id)).status).toBe("archived");

    // Archived, within 30 days of the (second) decision: a new case, linked, sealed case untouched.
    clock.advance(10 * DAY);
    const linked = await requestReview(ctx, { customerId: customer.id, number, reason: "I still disagree." });
    expect(linked.number).not.toBe(number);
    const [review] = await ctx.db.select().from(complaints).where(eq(complaints.number, linked.number));
    expect(review).toMatchObject({ status: "review_requested", reviewOfId: id, customerId: customer.id, firstInvestigatorId: investigator.userId });
    expect(await verifyArchivedComplaint(ctx, ctx.db, id)).toMatchObject({ ok: true });
    const reviewView = await getCustomerComplaint(ctx, { customerId: customer.id, number: linked.number });
    expect(reviewView.events.map((e) => e.reviewOf)).toContain(number);
    expect(reviewView.details.request).toBe(details.request);
    await expect(assignInvestigator(ctx, { actor: supervisor, number: linked.number, investigatorId: investigator.userId })).rejects.toBeTruthy();

    clock.advance(21 * DAY);
    await expect(requestReview(ctx, { customerId: customer.id, number, reason: "Once more." })).rejects.toMatchObject({
      userMessage: "complaint.review_window_closed",
    });
  });
});
