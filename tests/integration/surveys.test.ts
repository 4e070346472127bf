import crypto from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, complaints, outbox, qualityFollowUps, surveyAnswers, surveyInvitations, type User } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import type { ComplaintDetails } from "../../domain/complaints/complaint-schemas";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { closeConversation } from "../../domain/conversations/close-conversation";
import { openConversation } from "../../domain/conversations/conversations";
import { rateConversation } from "../../domain/conversations/rate-conversation";
import { acceptRequest, assignRequest, completeRequest } from "../../domain/service-requests/review-request";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { answerSurvey, type SurveyAnswerValue } from "../../domain/surveys/answer-survey";
import { findPendingSurveys, getCustomerSurvey, getSurveyByToken } from "../../domain/surveys/find-surveys";
import { inviteSurvey } from "../../domain/surveys/invite-survey";
import { lapseSurveys } from "../../domain/surveys/lapse-surveys";
import { invitationIdFromToken, surveyToken } from "../../domain/surveys/survey-links";
import { SurveyAnswerSchema } from "../../domain/surveys/survey-schemas";
import { SurveySettingsSchema, updateSurveySettings } from "../../domain/surveys/survey-settings";
import { getUser, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { auditActionsOf, auditTrailOf } from "../support/audit";
import { HOUR } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const DAY = 24 * HOUR;

const complaintDetails: ComplaintDetails = {
  category: "fees",
  businessLine: "cards",
  whatHappened: "An annual fee was charged on my card although it was meant to be free.",
  whenHappened: "On 20 November",
  product: "Platinum credit card",
  branch: "Chaoyang branch",
  staffInvolved: "The clerk at counter 3",
  request: "Refund the fee.",
};

describe(`satisfaction surveys (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let agent: { userId: string; roles: ["agent"] };
  beforeAll(async () => {
    services = await openTestServices();
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: "Agent", email: uniqueEmail("staff"), roles: ["agent"] });
    agent = { userId: user.id, roles: ["agent"] };
  });
  afterAll(() => services?.cleanup());

  async function customer(): Promise<{ user: User; mobile: string }> {
    const { user, mobile } = await registerTestCustomer(services.domain, { name: "Wang Xiaoming" });
    return { user: await getUser(services.domain, user.id), mobile };
  }

  /** An enquiry taken through review to completion; returns it with its survey's link. */
  async function completedRequest(user: User) {
    const ctx = services.domain;
    const request = await submitRequest(ctx, { customer: user, details: { type: "inquiry", subject: "Card fees", message: "Which fees apply to my card 6222 0000 1111?" } });
    await assignRequest(ctx, { actor: agent, requestId: request.id });
    await acceptRequest(ctx, { actor: agent, requestId: request.id });
    await completeRequest(ctx, { actor: agent, requestId: request.id });
    const [invitation] = await ctx.db
      .select()
      .from(surveyInvitations)
      .where(and(eq(surveyInvitations.subjectType, "request"), eq(surveyInvitations.subjectId, request.id)));
    if (!invitation) throw new Error("no survey was sent");
    return { request, invitation, token: surveyToken(ctx.cipher, invitation.id) };
  }

  async function followUpsOf(subjectId: string) {
    return services.domain.db.select().from(qualityFollowUps).where(eq(qualityFollowUps.subjectId, subjectId));
  }

  async function counts() {
    const db = services.domain.db;
    const [answers] = await db.select({ n: count() }).from(surveyAnswers);
    const [followUps] = await db.select({ n: count() }).from(qualityFollowUps);
    const [audit] = await db.select({ n: count() }).from(auditLog);
    const invitations = await db.select().from(surveyInvitations).orderBy(asc(surveyInvitations.id));
    return { answers: answers!.n, followUps: followUps!.n, audit: audit!.n, invitations };
  }

  const satisfied: SurveyAnswerValue = { score: 4, resolved: true, comment: "Quick and kind" };

  test("a completed request sends a survey: an email with a signed link and no personal data", async () => {
    const ctx = services.domain;
    const { user, mobile } = await customer();
    const sentAt = ctx.now();
    const { request, invitation, token } = await completedRequest(user);

    expect(invitation).toMatchObject({ customerId: user.id, answeredAt: null, lapsedAt: null });
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBe(14 * DAY);
    expect(invitation.createdAt.getTime()).toBeGreaterThanOrEqual(sentAt.getTime());

    const mail = await ctx.db.select().from(outbox).where(eq(outbox.toAddress, user.email)).orderBy(asc(outbox.createdAt));
    expect(mail.map((m) => m.template)).toEqual(["request.received", "request.decided", "request.completed", "survey.invitation"]);
    const survey = mail.at(-1)!;
    expect(survey.subject).toContain(request.number);
    expect(survey.textBody).toContain(`/survey/${token}`);
    const link = /\/survey\/(\S+)/.exec(survey.textBody)![1]!;
    expect(invitationIdFromToken(ctx.cipher, link)).toBe(invitation.id);
    for (const body of [survey.textBody, survey.htmlBody, survey.subject]) {
      for (const secret of ["Wang", user.email, mobile, "6222", "Card fees", user.id, request.id]) expect(body).not.toContain(secret);
    }
    // The link carries the survey's id and its signature, nothing else.
    expect(link).toMatch(new RegExp(`^${invitation.id}\\.[\\w-]{43}$`));

    expect(await auditActionsOf(ctx, invitation.id)).toEqual(["survey.sent"]);
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ id: invitation.id, subjectType: "request", number: request.number, state: "open" });
    expect((await findPendingSurveys(ctx, { customerId: user.id })).map((s) => s.id)).toEqual([invitation.id]);
  });

  test("a link is answered once; the second answer is refused and changes nothing", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const { request, invitation, token } = await completedRequest(user);

    const answered = await answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "link" }, answer: satisfied });
    expect(answered).toMatchObject({ subjectType: "request", dissatisfied: false, followUpId: null });
    const [answer] = await ctx.db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, invitation.id));
    expect(answer).toMatchObject({ subjectType: "request", subjectId: request.id, customerId: user.id, rating: 4, resolved: true });
    expect(answer!.commentEnc).not.toContain("Quick");
    expect(ctx.cipher.decrypt(answer!.commentEnc!)).toBe("Quick and kind");
    const [row] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, invitation.id));
    expect(row!.answeredAt).toEqual(ctx.now());

    const trail = await auditTrailOf(ctx, invitation.id);
    expect(trail.map((e) => e.action)).toEqual(["survey.sent", "survey.answered"]);
    expect(trail[1]!.after).toMatchObject({ via: "link", score: 4, resolved: true });
    expect(JSON.stringify(trail)).not.toContain("Quick");
    expect(await followUpsOf(request.id)).toEqual([]);

    const before = await counts();
    await expect(answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "link" }, answer: { score: 1, resolved: false } })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "survey.already_answered",
    });
    // The portal is one more way to answer the same survey: also refused.
    await expect(answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "customer", userId: user.id }, answer: satisfied })).rejects.toMatchObject({
      userMessage: "survey.already_answered",
    });
    expect(await counts()).toEqual(before);
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ state: "answered" });
    expect(await findPendingSurveys(ctx, { customerId: user.id })).toEqual([]);
  });

  test("two answers at once: exactly one is recorded", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const { invitation } = await completedRequest(user);
    const results = await Promise.allSettled([
      answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "link" }, answer: { score: 1, resolved: false } }),
      answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "customer", userId: user.id }, answer: { score: 1, resolved: false } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { userMessage: "survey.already_answered" } });
    expect(await ctx.db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, invitation.id))).toHaveLength(1);
    expect(await followUpsOf(invitation.subjectId)).toHaveLength(1);
  });

  test("an expired link is refused and changes nothing", async () => {
    const { domain: ctx, clock } = services;
    const { user } = await customer();
    const { invitation, token } = await completedRequest(user);
    clock.advance(14 * DAY - 1);
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ state: "open" });
    clock.advance(1);
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ state: "expired" });
    expect(await findPendingSurveys(ctx, { customerId: user.id })).toEqual([]);
    const before = await counts();
    await expect(answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "link" }, answer: satisfied })).rejects.toMatchObject({
      code: "CONFLICT",
      userMessage: "survey.expired",
    });
    expect(await counts()).toEqual(before);
  });

  test("a forged, tampered or malformed link is not valid, and nobody reaches another customer's survey", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const { user: stranger } = await customer();
    const { invitation, token } = await completedRequest(user);

    // One character of the signature changed.
    const last = token.at(-1) === "A" ? "B" : "A";
    const tampered = token.slice(0, -1) + last;
    expect(invitationIdFromToken(ctx.cipher, tampered)).toBeNull();
    expect(await getSurveyByToken(ctx, { token: tampered })).toBeNull();
    // Another survey's id under this survey's signature.
    const otherId = crypto.randomUUID();
    expect(await getSurveyByToken(ctx, { token: `${otherId}.${token.split(".")[1]}` })).toBeNull();
    // Correctly signed, but for a survey that does not exist.
    const unknown = surveyToken(ctx.cipher, otherId);
    expect(invitationIdFromToken(ctx.cipher, unknown)).toBe(otherId);
    expect(await getSurveyByToken(ctx, { token: unknown })).toBeNull();
    for (const malformed of ["", "abc", invitation.id, `${token}x`, token.toUpperCase(), `${token}.`, "../../admin", "%00", "x".repeat(5000)]) {
      expect(await getSurveyByToken(ctx, { token: malformed })).toBeNull();
    }
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ state: "open" });

    const before = await counts();
    await expect(answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "customer", userId: stranger.id }, answer: satisfied })).rejects.toMatchObject({
      code: "NOT_FOUND",
      userMessage: "survey.not_found",
    });
    await expect(getCustomerSurvey(ctx, { customerId: stranger.id, id: invitation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getCustomerSurvey(ctx, { customerId: user.id, id: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getCustomerSurvey(ctx, { customerId: user.id, id: invitation.id })).toMatchObject({ state: "open", subjectType: "request" });
    expect(await counts()).toEqual(before);
  });

  test("bad answers are refused with their field's message and change nothing", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const { invitation } = await completedRequest(user);
    const before = await counts();
    for (const [answer, field] of [
      [{ score: 0, resolved: true }, "score"],
      [{ score: 6, resolved: true }, "score"],
      [{ score: 2.5, resolved: true }, "score"],
      [{ score: 3, resolved: null }, "resolved"],
      [{ score: 3, resolved: true, comment: "x".repeat(1001) }, "comment"],
    ] as const) {
      await expect(answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "link" }, answer: answer as SurveyAnswerValue })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        field,
      });
    }
    expect(await counts()).toEqual(before);

    // The form's schema: the same rules, with a message for each field.
    const parsed = SurveyAnswerSchema.safeParse({ score: "9", comment: "y".repeat(1001) });
    expect(parsed.success).toBe(false);
    const messages = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ score: "survey.score_required", resolved: "survey.resolved_required", comment: "survey.comment_too_long" });
    expect(SurveyAnswerSchema.parse({ score: "2", resolved: "no", comment: "  slow  " })).toEqual({ score: 2, resolved: false, comment: "slow" });
  });

  test("a dissatisfied answer about a request opens one follow-up for the quality team; a satisfied one none", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const cases: [SurveyAnswerValue, boolean][] = [
      [{ score: 2, resolved: true }, true],
      [{ score: 1, resolved: true }, true],
      [{ score: 5, resolved: false }, true],
      [{ score: 3, resolved: true }, false],
      [{ score: 5, resolved: true, comment: "" }, false],
    ];
    for (const [answer, followedUp] of cases) {
      const { request, invitation } = await completedRequest(user);
      const result = await answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "customer", userId: user.id }, answer });
      const followUps = await followUpsOf(request.id);
      expect(followUps, JSON.stringify(answer)).toHaveLength(followedUp ? 1 : 0);
      expect(result.dissatisfied).toBe(followedUp);
      if (!followedUp) continue;
      expect(followUps[0]).toMatchObject({ subjectType: "request", subjectId: request.id, status: "open", surveyAnswerId: result.answerId, assigneeId: null });
      expect(result.followUpId).toBe(followUps[0]!.id);
      expect(await auditActionsOf(ctx, followUps[0]!.id)).toEqual(["follow_up.opened"]);
    }
  });

  test("a closed chat is surveyed: a customer's by email too, a visitor's in the widget only; the widget's rating answers it", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const participant = { kind: "customer" as const, userId: user.id };
    const chat = await openConversation(ctx, participant);
    await closeConversation(ctx, { conversationId: chat.id, by: { kind: "participant", participant } });
    const [invitation] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.subjectId, chat.id));
    expect(invitation).toMatchObject({ subjectType: "chat", customerId: user.id });
    const mail = await ctx.db.select().from(outbox).where(eq(outbox.toAddress, user.email));
    expect(mail.map((m) => m.template)).toEqual(["survey.invitation"]);
    const token = surveyToken(ctx.cipher, invitation!.id);
    expect(mail[0]!.textBody).toContain(`/survey/${token}`);
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ subjectType: "chat", number: null, chatDate: ctx.now(), state: "open" });

    // A rating of 2 in the widget (it does not ask "resolved?"): dissatisfied, followed up.
    await rateConversation(ctx, { participant, conversationId: chat.id, rating: 2, comment: "Waited long" });
    const [answer] = await ctx.db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, invitation!.id));
    expect(answer).toMatchObject({ rating: 2, resolved: null, customerId: user.id });
    expect(await followUpsOf(chat.id)).toMatchObject([{ subjectType: "chat", status: "open" }]);
    expect(await getSurveyByToken(ctx, { token })).toMatchObject({ state: "answered" });
    await expect(rateConversation(ctx, { participant, conversationId: chat.id, rating: 5 })).rejects.toMatchObject({ code: "CONFLICT" });

    const visitor = { kind: "visitor" as const, visitorId: crypto.randomBytes(16).toString("hex") };
    const visitorChat = await openConversation(ctx, visitor);
    const mailBefore = await ctx.db.select({ n: count() }).from(outbox);
    await closeConversation(ctx, { conversationId: visitorChat.id, by: { kind: "participant", participant: visitor } });
    expect(await ctx.db.select({ n: count() }).from(outbox)).toEqual(mailBefore);
    const [visitorInvitation] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.subjectId, visitorChat.id));
    expect(visitorInvitation).toMatchObject({ subjectType: "chat", customerId: null });
    // Someone else's widget cannot rate it; its owner can, and a good rating is not followed up.
    await expect(
      rateConversation(ctx, { participant: { kind: "visitor", visitorId: "someone-else" }, conversationId: visitorChat.id, rating: 1 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      answerSurvey(ctx, { invitationId: visitorInvitation!.id, by: { kind: "chat", participant: { kind: "visitor", visitorId: "someone-else" } }, answer: satisfied }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await rateConversation(ctx, { participant: visitor, conversationId: visitorChat.id, rating: 5 });
    expect(await followUpsOf(visitorChat.id)).toEqual([]);
    expect((await auditTrailOf(ctx, visitorInvitation!.id)).map((e) => [e.action, e.actorId])).toEqual([
      ["survey.sent", "system:surveys"],
      ["survey.answered", null],
    ]);
  });

  test("a complaint's survey goes to the complaint loop: dissatisfied reopens it, and no follow-up is opened", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const complaint = await complaintAwaitingSurvey(user);
    const invitation = await ctx.db.transaction((tx) =>
      inviteSurvey(ctx, tx, { subjectType: "complaint", subjectId: complaint.id, customerId: user.id, number: complaint.number, channel: "portal", complaintCategory: "fees", agentId: null }),
    );
    expect(await getSurveyByToken(ctx, { token: surveyToken(ctx.cipher, invitation.id) })).toMatchObject({ subjectType: "complaint", number: complaint.number });
    const result = await answerSurvey(ctx, { invitationId: invitation.id, by: { kind: "link" }, answer: { score: 4, resolved: false, comment: "Still charged" } });
    expect(result).toMatchObject({ subjectType: "complaint", dissatisfied: true, followUpId: null });
    const [row] = await ctx.db.select().from(complaints).where(eq(complaints.id, complaint.id));
    expect(row).toMatchObject({ status: "reopened", reopenCount: 1 });
    expect(await followUpsOf(complaint.id)).toEqual([]);
  });

  test("the lapse job marks expired surveys once, on any number of instances, and archives a complaint that waited for one", async () => {
    const { domain: ctx, clock } = services;
    // Whatever earlier tests left to expire lapses first.
    clock.advance(30 * DAY);
    await lapseSurveys(ctx);
    const { user } = await customer();
    const requests = [await completedRequest(user), await completedRequest(user)];
    const answeredOne = await completedRequest(user);
    await answerSurvey(ctx, { invitationId: answeredOne.invitation.id, by: { kind: "link" }, answer: satisfied });
    const complaint = await complaintAwaitingSurvey(user);
    const complaintSurvey = await ctx.db.transaction((tx) =>
      inviteSurvey(ctx, tx, { subjectType: "complaint", subjectId: complaint.id, customerId: user.id, number: complaint.number, channel: "portal", complaintCategory: "fees", agentId: null }),
    );

    expect(await lapseSurveys(ctx)).toEqual({ lapsed: 0 });
    clock.advance(14 * DAY);
    const lapsedAt = ctx.now();
    // Two instances at once: every expired survey is claimed by one of them.
    const [a, b] = await Promise.all([lapseSurveys(ctx), lapseSurveys(ctx)]);
    expect(a.lapsed + b.lapsed).toBe(3);
    expect(await lapseSurveys(ctx)).toEqual({ lapsed: 0 });

    for (const { invitation } of requests) {
      const [row] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, invitation.id));
      expect(row!.lapsedAt).toEqual(lapsedAt);
      expect(await auditActionsOf(ctx, invitation.id)).toEqual(["survey.sent", "survey.lapsed"]);
    }
    const [answered] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, answeredOne.invitation.id));
    expect(answered!.lapsedAt).toBeNull();
    const [archived] = await ctx.db.select().from(complaints).where(eq(complaints.id, complaint.id));
    expect(archived).toMatchObject({ status: "archived" });
    expect(archived!.archivedAt).toEqual(lapsedAt);
    expect(await auditActionsOf(ctx, complaintSurvey.id)).toEqual(["survey.sent", "survey.lapsed"]);
    await expect(
      answerSurvey(ctx, { invitationId: complaintSurvey.id, by: { kind: "customer", userId: user.id }, answer: satisfied }),
    ).rejects.toMatchObject({ userMessage: "survey.expired" });
  });

  test("an admin's expiry applies to surveys sent from then on", async () => {
    const ctx = services.domain;
    const { user } = await customer();
    const before = await completedRequest(user);
    expect(SurveySettingsSchema.safeParse({ expiryDays: "0" }).success).toBe(false);
    expect(SurveySettingsSchema.safeParse({ expiryDays: "91" }).success).toBe(false);
    expect(SurveySettingsSchema.safeParse({ expiryDays: "2.5" }).success).toBe(false);
    await updateSurveySettings(ctx, { actorId: "system:test", expiryDays: 3 });
    try {
      const after = await completedRequest(user);
      expect(after.invitation.expiresAt.getTime() - after.invitation.createdAt.getTime()).toBe(3 * DAY);
      const [unchanged] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, before.invitation.id));
      expect(unchanged!.expiresAt.getTime() - unchanged!.createdAt.getTime()).toBe(14 * DAY);
      expect(await auditActionsOf(ctx, "surveys")).toEqual(["settings.surveys_changed"]);
    } finally {
      await updateSurveySettings(ctx, { actorId: "system:test", expiryDays: 14 });
    }
  });

  /** A complaint resolved and accepted: waiting for its survey (the loop's own steps are tested with the desk). */
  async function complaintAwaitingSurvey(user: User) {
    const ctx = services.domain;
    const filed = await fileComplaint(ctx, { customer: user, details: complaintDetails, channel: "portal" });
    await ctx.db.update(complaints).set({ status: "awaiting_survey" }).where(eq(complaints.id, filed.id));
    return filed;
  }
});
