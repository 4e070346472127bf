import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, chatMessages, complaints, conversations, outbox, serviceRequests, sessions, surveyAnswers, users, type StaffRole, type User } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { signInWithPassword } from "../../domain/accounts/sign-in";
import { validateUploads } from "../../domain/attachments/add-attachments";
import { verifyAuditChain } from "../../domain/audit/verify-audit-chain";
import { addComplaintNote } from "../../domain/complaints/add-complaint-note";
import { assignInvestigator } from "../../domain/complaints/assign-investigator";
import { decisionDueAt } from "../../domain/complaints/complaint-deadlines";
import { complaintAbout } from "../support/complaints";
import { answerComplaintSurvey } from "../../domain/complaints/complaint-survey";
import { acceptResolution } from "../../domain/complaints/customer-decision";
import { decideResolution } from "../../domain/complaints/decide-resolution";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { findCustomerForComplaint } from "../../domain/complaints/file-complaint-on-behalf";
import { findDeskComplaints } from "../../domain/complaints/find-desk-complaints";
import { getDeskComplaint } from "../../domain/complaints/get-desk-complaint";
import { proposeResolution } from "../../domain/complaints/propose-resolution";
import type { DomainContext } from "../../domain/context";
import { openConversation, postMessage } from "../../domain/conversations/conversations";
import { completePrivacyRequest } from "../../domain/privacy/complete-privacy-request";
import { exportPersonalData } from "../../domain/privacy/export-personal-data";
import { findCustomerPrivacyRequests, getDeskPrivacyRequest } from "../../domain/privacy/find-privacy-requests";
import { refusePrivacyRequest } from "../../domain/privacy/refuse-privacy-request";
import { runRetention } from "../../domain/privacy/run-retention";
import { startPrivacyRequest } from "../../domain/privacy/start-privacy-request";
import { submitPrivacyRequest } from "../../domain/privacy/submit-privacy-request";
import { findRequestQueue, getStaffRequest, trackRequest } from "../../domain/service-requests/find-requests";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { RequestDetailsSchema } from "../../domain/service-requests/request-schemas";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { answerSurvey } from "../../domain/surveys/answer-survey";
import { inviteSurvey } from "../../domain/surveys/invite-survey";
import { getUser, PORTAL_CONSENT, registerTestCustomer, TEST_PASSWORD, uniqueEmail } from "../support/accounts";
import { dumpEveryTable } from "../support/dump";
import { PDF_BYTES } from "../support/files";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const DAY = 86_400_000;
// Made-up values found nowhere else: finding one in a dump can only mean it was not erased.
const A = { name: "Erasable Quinlan", mobile: "13900000842", chat: "my old card 6200000000000000842 was swallowed", comment: "Quinlan liked the teller" };
const B = { name: "Keeper Osgood", mobile: "13900000853", chat: "Osgood asks about deposit rates" };

describe(`a customer's data rights (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let ctx: DomainContext;
  let a: { user: User; email: string; token: string };
  let b: { user: User; email: string };
  let compliance: StaffActor;
  let agent: StaffActor;
  let investigator: StaffActor;
  let supervisor: StaffActor;
  let aRequests: string[];
  let bRequest: string;
  let aComplaint: string;
  let bArchived: string;
  let aChat: string;
  const ciphertextsOfA: string[] = [];

  async function staff(roles: StaffRole[]): Promise<StaffActor> {
    const { user } = await createStaff(ctx, { actorId: "system:test", name: "Staff", email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  async function openRequestOfA(): Promise<string> {
    const [request] = await findCustomerPrivacyRequests(ctx, { customerId: a.user.id });
    return request!.number;
  }

  async function storedFiles(): Promise<string[]> {
    const keys: string[] = [];
    for await (const file of ctx.attachments.list()) keys.push(file.storageKey);
    return keys;
  }

  async function chat(customer: User, text: string) {
    const participant = { kind: "customer", userId: customer.id } as const;
    const { id } = await openConversation(ctx, participant);
    await postMessage(ctx, { participant, conversationId: id, clientId: crypto.randomUUID(), text });
    return id;
  }

  beforeAll(async () => {
    services = await openTestServices();
    ctx = services.domain;
    // Everything starts six years ago, so that five-year retention periods have run out today.
    services.clock.set(new Date(Date.now() - 6 * 365 * DAY));
    compliance = await staff(["compliance"]);
    agent = await staff(["agent"]);
    investigator = await staff(["investigator"]);
    supervisor = await staff(["supervisor"]);

    const registeredA = await registerTestCustomer(ctx, { name: A.name, mobile: A.mobile });
    a = { user: await getUser(ctx, registeredA.user.id), email: registeredA.email, token: registeredA.token };
    const registeredB = await registerTestCustomer(ctx, { name: B.name, mobile: B.mobile });
    b = { user: await getUser(ctx, registeredB.user.id), email: registeredB.email };

    const files = validateUploads([{ name: "statement.pdf", bytes: PDF_BYTES }], 0);
    if (!files.ok) throw new Error("the test file was refused");
    aRequests = [
      (await submitRequest(ctx, { customer: a.user, details: RequestDetailsSchema.parse({ type: "inquiry", subject: "Fees", message: "Why was I charged?" }), files: files.files, consent: PORTAL_CONSENT })).number,
      (await submitRequest(ctx, { customer: a.user, details: RequestDetailsSchema.parse({ type: "transfer", payeeName: "李华", payeeAccount: "6200000000000000842", amount: "1200", purpose: "Rent" }), consent: PORTAL_CONSENT })).number,
    ];
    bRequest = (await submitRequest(ctx, { customer: b.user, details: RequestDetailsSchema.parse({ type: "inquiry", subject: "Rates", message: "What are your rates?" }) })).number;
    aChat = await chat(a.user, A.chat);
    await chat(b.user, B.chat);
    const invitation = await ctx.db.transaction((tx) =>
      inviteSurvey(ctx, tx, { subjectType: "chat", subjectId: aChat, customerId: a.user.id, number: null, channel: "chat", agentId: null }),
    );
    await answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "customer", userId: a.user.id }, answer: { score: 2, resolved: false, comment: A.comment } });

    aComplaint = (await fileComplaint(ctx, { customer: a.user, details: complaintAbout("The teller was rude."), channel: "portal" })).number;
    await assignInvestigator(ctx, { actor: supervisor, number: aComplaint, investigatorId: investigator.userId });
    await addComplaintNote(ctx, { actor: investigator, number: aComplaint, noteKind: "finding", text: "Internal finding: teller warned before." });

    // B's complaint goes round the loop and is archived (sealed) with the default five-year retention.
    const filed = await fileComplaint(ctx, { customer: b.user, details: complaintAbout("The queue was long."), channel: "portal" });
    bArchived = filed.number;
    await assignInvestigator(ctx, { actor: supervisor, number: filed.number, investigatorId: investigator.userId });
    await proposeResolution(ctx, { actor: investigator, number: filed.number, remedy: "More tellers.", response: "We apologise." });
    await decideResolution(ctx, { actor: supervisor, number: filed.number, decision: "approve" });
    await acceptResolution(ctx, { customerId: b.user.id, number: filed.number });
    await ctx.db.transaction((tx) => answerComplaintSurvey(ctx, tx, { complaintId: filed.id, customerId: b.user.id, score: 4, resolved: true, comment: null }));
  });
  afterAll(() => services?.cleanup());

  test("the export holds everything about the customer, in full, and nothing of anyone else", async () => {
    const data = await exportPersonalData(ctx, { customerId: a.user.id, format: "json" });
    const text = JSON.stringify(data);
    expect(data.profile).toMatchObject({ name: A.name, email: a.email, mobile: A.mobile });
    expect(data.serviceRequests.map((r) => r.number)).toEqual(aRequests);
    // Decrypted for the owner: the account number in full, and the file's name.
    expect(data.serviceRequests[1]!.details).toContainEqual({ field: "payeeAccount", value: "6200000000000000842" });
    expect(data.serviceRequests[0]!.attachments).toMatchObject([{ fileName: "statement.pdf", contentType: "application/pdf" }]);
    expect(data.complaints.map((c) => c.number)).toEqual([aComplaint]);
    expect(data.chats.flatMap((c) => c.messages.map((m) => m.text))).toContain(A.chat);
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.activity.map((e) => e.action)).toContain("request.submitted");
    // Never the desk's internal finding, never another customer.
    expect(text).not.toContain("Internal finding");
    for (const other of [B.name, B.mobile, B.chat, b.email, bRequest, bArchived]) expect(text).not.toContain(other);

    const [entry] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, "personal_data.exported"), eq(auditLog.objectId, a.user.id)));
    expect(entry).toMatchObject({ actorId: a.user.id, objectType: "user" });
    expect(entry?.after).toMatchObject({ format: "json", requests: 2, complaints: 1, chats: 1 });
  });

  test("closing the account needs the password, is answered within 15 days and can be open only once", async () => {
    await expect(submitPrivacyRequest(ctx, { customer: a.user, details: { password: "not my password", reason: null } })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      userMessage: "privacy.password_wrong",
      field: "password",
    });
    const [failed] = await ctx.db.select({ failedSignIns: users.failedSignIns }).from(users).where(eq(users.id, a.user.id));
    // A wrong password counts towards the sign-in lockout, like a wrong guess at the sign-in page.
    expect(failed?.failedSignIns).toBe(1);
    const request = await submitPrivacyRequest(ctx, { customer: a.user, details: { password: TEST_PASSWORD, reason: "Moving abroad" } });
    expect(request).toMatchObject({ status: "received", dueAt: decisionDueAt(ctx.now()) });
    expect(request.reasonEnc).not.toContain("Moving abroad");
    await expect(submitPrivacyRequest(ctx, { customer: a.user, details: { password: TEST_PASSWORD, reason: null } })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "privacy.error.already_open",
    });
    const mail = await ctx.db.select({ template: outbox.template }).from(outbox).where(eq(outbox.toAddress, a.email));
    expect(mail.map((m) => m.template)).toContain("privacy.received");
    expect(await findCustomerPrivacyRequests(ctx, { customerId: a.user.id })).toMatchObject([{ number: request.number, status: "received" }]);
  });

  test("only compliance handles it, and the desk sees what will be erased and what is retained", async () => {
    const number = await openRequestOfA();
    await expect(startPrivacyRequest(ctx, { actor: agent, number })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getDeskPrivacyRequest(ctx, { actor: agent, number })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(completePrivacyRequest(ctx, { actor: compliance, number })).rejects.toMatchObject({ code: "CONFLICT", userMessage: "privacy.error.invalid_state" });

    const view = await getDeskPrivacyRequest(ctx, { actor: compliance, number });
    expect(view.request.reason).toBe("Moving abroad");
    expect(view.customer).toMatchObject({ name: "E******* Q******", mobile: "139****0842" });
    const byKind = Object.fromEntries(view.holdings.map((h) => [h.kind, h]));
    expect(byKind.service_requests).toEqual({ kind: "service_requests", disposition: "retain", count: 2 });
    expect(byKind.complaints).toEqual({ kind: "complaints", disposition: "retain", count: 1 });
    expect(byKind.request_files).toEqual({ kind: "request_files", disposition: "erase", count: 1 });
    expect(byKind.chat_messages?.disposition).toBe("erase");
  });

  test("completion closes the account, erases what is not retained and leaves neither plaintext nor ciphertext of it", async () => {
    const number = await openRequestOfA();
    const [account] = await ctx.db.select({ mobileEnc: users.mobileEnc }).from(users).where(eq(users.id, a.user.id));
    ciphertextsOfA.push(account!.mobileEnc!);
    const [answer] = await ctx.db.select({ commentEnc: surveyAnswers.commentEnc }).from(surveyAnswers).where(eq(surveyAnswers.subjectId, aChat));
    ciphertextsOfA.push(answer!.commentEnc!);
    const aChats = await ctx.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.customerId, a.user.id));
    for (const { id } of aChats) {
      for (const m of await ctx.db.select({ bodyEnc: chatMessages.bodyEnc }).from(chatMessages).where(eq(chatMessages.conversationId, id))) ciphertextsOfA.push(m.bodyEnc);
    }
    const filesBefore = await storedFiles();

    await startPrivacyRequest(ctx, { actor: compliance, number });
    // A's complaint is still being investigated: it needs A's contact details until it is archived.
    await expect(completePrivacyRequest(ctx, { actor: compliance, number })).rejects.toMatchObject({ code: "CONFLICT", userMessage: "privacy.error.complaint_open" });
    expect((await getUser(ctx, a.user.id)).erasedAt).toBeNull();
    expect(await findCustomerPrivacyRequests(ctx, { customerId: a.user.id })).toMatchObject([{ number, status: "in_progress" }]);
    await proposeResolution(ctx, { actor: investigator, number: aComplaint, remedy: "Teller retrained.", response: "We apologise." });
    await decideResolution(ctx, { actor: supervisor, number: aComplaint, decision: "approve" });
    await acceptResolution(ctx, { customerId: a.user.id, number: aComplaint });
    const [aComplaintRow] = await ctx.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.number, aComplaint));
    await ctx.db.transaction((tx) => answerComplaintSurvey(ctx, tx, { complaintId: aComplaintRow!.id, customerId: a.user.id, score: 4, resolved: true, comment: null }));

    const { request, endedSessionIds } = await completePrivacyRequest(ctx, { actor: compliance, number });
    expect(request.status).toBe("completed");
    expect(endedSessionIds.length).toBeGreaterThan(0);

    // Open requests withdrawn, chats closed, sessions ended, sign-in refused.
    const statuses = await ctx.db.select({ status: serviceRequests.status }).from(serviceRequests).where(eq(serviceRequests.customerId, a.user.id));
    expect(statuses.map((s) => s.status)).toEqual(["withdrawn", "withdrawn"]);
    const chats = await ctx.db.select({ status: conversations.status }).from(conversations).where(eq(conversations.customerId, a.user.id));
    expect(chats.every((c) => c.status === "closed")).toBe(true);
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, a.user.id))).toEqual([]);
    await expect(signInWithPassword(ctx, { email: a.email, password: TEST_PASSWORD, userAgent: "test" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    // The request's file is gone from the store too.
    expect((await storedFiles()).length).toBe(filesBefore.length - 1);

    // Neither the erased values nor their former ciphertext anywhere; the address only in the completion email.
    const dump = await dumpEveryTable(ctx);
    for (const value of [A.name, A.mobile, A.chat, A.comment, ...ciphertextsOfA]) expect(dump).not.toContain(value);
    const lines = dump.split("\n").filter((line) => line.includes(a.email));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("privacy.closed");
    // The retained records are still there.
    expect(dump).toContain(aRequests[1]);
    expect(dump).toContain(aComplaint);

    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, request.id))).map((r) => r.action);
    expect(actions).toEqual(["privacy_request.received", "privacy_request.in_progress", "privacy_request.completed"]);
    const [erased] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, "personal_data.erased"), eq(auditLog.objectId, a.user.id)));
    expect(erased?.after).toMatchObject({ requestsWithdrawn: 2, chatsClosed: 1, attachmentsErased: 1, surveyAnswersUnlinked: 1 });
    // The score stays in the quality figures, with no comment and no customer.
    expect(await ctx.db.select({ rating: surveyAnswers.rating, customerId: surveyAnswers.customerId, commentEnc: surveyAnswers.commentEnc }).from(surveyAnswers).where(eq(surveyAnswers.subjectId, aChat))).toEqual([
      { rating: 2, customerId: null, commentEnc: null },
    ]);
  });

  test("retained records are hidden from every desk, the tracking page and the caller lookup", async () => {
    const queue = await findRequestQueue(ctx, { actor: agent, filter: { status: "withdrawn" } });
    expect(queue.rows.map((r) => r.number)).not.toContain(aRequests[0]);
    await expect(getStaffRequest(ctx, { actor: agent, number: aRequests[1]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await trackRequest(ctx, { number: aRequests[1]!, mobile: A.mobile })).toBeNull();
    const desk = await findDeskComplaints(ctx, { actor: supervisor, filter: {} });
    expect(desk.map((c) => c.number)).not.toContain(aComplaint);
    await expect(getDeskComplaint(ctx, { actor: supervisor, number: aComplaint })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(findCustomerForComplaint(ctx, { actor: agent, customer: A.mobile })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(findCustomerForComplaint(ctx, { actor: agent, customer: a.email })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Another customer's are untouched.
    expect((await getStaffRequest(ctx, { actor: agent, number: bRequest })).request.number).toBe(bRequest);
    await expect(exportPersonalData(ctx, { customerId: a.user.id, format: "json" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("a refused request keeps the account and tells the customer why", async () => {
    const request = await submitPrivacyRequest(ctx, { customer: b.user, details: { password: TEST_PASSWORD, reason: null } });
    await refusePrivacyRequest(ctx, { actor: compliance, number: request.number, reason: "A loan is still being repaid." });
    expect(await findCustomerPrivacyRequests(ctx, { customerId: b.user.id })).toMatchObject([{ status: "refused", refusal: "A loan is still being repaid." }]);
    expect((await getUser(ctx, b.user.id)).erasedAt).toBeNull();
    const mail = await ctx.db.select({ template: outbox.template }).from(outbox).where(eq(outbox.toAddress, b.email));
    expect(mail.map((m) => m.template)).toContain("privacy.closed");
  });

  test("the retention job deletes only what has expired, once, audited with counts, and the audit chain holds", async () => {
    // Nothing has expired yet: the erasure was today (six years ago) and the archive too.
    expect(await runRetention(ctx)).toMatchObject({ complaints: 0, service_requests: 0, conversations: 0 });

    services.clock.set(new Date());
    const counts = await runRetention(ctx);
    // A's two requests and chat; both archived complaints, whose five years are over.
    expect(counts).toMatchObject({ service_requests: 2, conversations: 1, complaints: 2 });
    expect(await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.customerId, a.user.id))).toEqual([]);
    expect(await ctx.db.select({ n: complaints.number }).from(complaints).where(inArray(complaints.number, [aComplaint, bArchived]))).toEqual([]);
    // Not expired: B's request and chat.
    expect(await ctx.db.select({ n: serviceRequests.number }).from(serviceRequests).where(eq(serviceRequests.number, bRequest))).toHaveLength(1);
    expect(await ctx.db.select().from(conversations).where(eq(conversations.customerId, b.user.id))).toHaveLength(1);

    const entries = await ctx.db.select().from(auditLog).where(eq(auditLog.action, "retention.deleted"));
    expect(entries.map((e) => [e.objectType, (e.after as { count: number }).count]).sort()).toEqual([
      ["complaints", 2],
      ["conversations", 1],
      ["service_requests", 2],
    ]);
    // Run again (or on a second instance): nothing more.
    expect(Object.values(await runRetention(ctx)).every((n) => n === 0)).toBe(true);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });
});
