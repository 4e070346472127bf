import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, qualityFollowUps, surveyReviews, users, type ServiceChannel, type StaffRole, type SurveySubject } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { findStaff } from "../../domain/accounts/find-staff";
import { setStaffBranch } from "../../domain/accounts/set-staff-branch";
import { openConversation, postMessage, postReply } from "../../domain/conversations/conversations";
import { assignFollowUp, findQualityReviewers } from "../../domain/quality/assign-follow-up";
import { closeFollowUp } from "../../domain/quality/close-follow-up";
import { exportSurveys, EXPORT_COLUMNS, type ExportLabels } from "../../domain/quality/export-surveys";
import { exportKpis, KPI_COLUMNS } from "../../domain/quality/export-kpis";
import { FIGURE_KEYS } from "../../domain/quality/dashboard-figures";
import { resolveQualityQuery } from "../../domain/quality/quality-filters";
import { findFollowUps } from "../../domain/quality/find-follow-ups";
import { decodeCursor, findQualitySurveys, SURVEY_PAGE } from "../../domain/quality/find-quality-surveys";
import { getQualitySurvey } from "../../domain/quality/get-quality-survey";
import { noteFollowUp } from "../../domain/quality/note-follow-up";
import { revealSurveyCustomer } from "../../domain/quality/reveal-survey-customer";
import { reviewSurvey } from "../../domain/quality/review-survey";
import { surveyFilterFrom, type SurveyFilter } from "../../domain/quality/survey-filters";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { answerSurvey } from "../../domain/surveys/answer-survey";
import { inviteSurvey } from "../../domain/surveys/invite-survey";
import { translator } from "../../app/i18n";
import { registerTestCustomer } from "../support/accounts";
import { auditTrailOf } from "../support/audit";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const cst = (local: string) => new Date(`${local}+08:00`);

/** The labels the export route builds, for one language. */
function labelsFor(locale: "en" | "zh-CN"): ExportLabels {
  const t = translator(locale);
  return {
    header: (c) => t(`quality_review.column.${c}`),
    subject: (s) => t(`quality_review.subject.${s}`),
    channel: (c) => t(`complaint_desk.channel.${c}`),
    tag: (tag) => t(`quality_review.tag.${tag}`),
    followUp: (s) => t(`quality_review.follow_up_status.${s}`),
    yes: t("quality_review.yes"),
    no: t("quality_review.no"),
    dateTime: (at) => at.toISOString(),
  };
}

async function* chunksOf(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of chunksOf(stream)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads a stream to its end, sampling the heap as it goes; the bytes and the peak heap growth. */
async function drainMeasured(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; lines: number; peakGrowthMb: number; ms: number }> {
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let bytes = 0;
  let lines = 0;
  const started = performance.now();
  for await (const chunk of chunksOf(stream)) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 0x0a) lines++;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { bytes, lines, peakGrowthMb: Math.round((peak - base) / 1024 / 1024), ms: Math.round(performance.now() - started) };
}

describe(`quality review of surveys (${testDatabaseKind()})`, () => {
  let services: TestServices;
  const staff: Record<"quality" | "quality2" | "supervisor" | "admin" | "agent" | "served", StaffActor> = {} as never;

  async function member(roles: StaffRole[], name = `Staff ${roles.join("+")}`): Promise<StaffActor> {
    const { user } = await createStaff(services.domain, { actorId: "system:test", name, email: `${crypto.randomUUID()}@example.test`, roles });
    return { userId: user.id, roles };
  }

  /** A survey answered by link at `at`: for a chat, a real chat with a bot part and an agent's reply. */
  async function answered(input: { subject: SurveySubject; channel: ServiceChannel; score: 1 | 2 | 3 | 4 | 5; comment?: string; at: string; agentId?: string }) {
    const ctx = services.domain;
    services.clock.set(cst(input.at));
    const customer = await registerTestCustomer(ctx, { name: "Emma Brown" });
    let subjectId: string = crypto.randomUUID();
    if (input.subject === "chat") {
      const participant = { kind: "customer" as const, userId: customer.user.id };
      const chat = await openConversation(ctx, participant);
      await postMessage(ctx, { participant, conversationId: chat.id, clientId: crypto.randomUUID(), text: "My card was charged twice" });
      await postReply(ctx, { conversationId: chat.id, clientId: crypto.randomUUID(), sender: "bot", text: "Bot here: let me find an agent." });
      subjectId = chat.id;
    }
    const invitation = await ctx.db.transaction((tx) =>
      inviteSurvey(ctx, tx, { subjectType: input.subject, subjectId, customerId: customer.user.id, number: null, channel: input.channel, agentId: input.agentId ?? staff.served.userId }),
    );
    const result = await answerSurvey(ctx, {
      invitationId: invitation.id,
      by: { kind: "link" },
      answer: { score: input.score, resolved: input.score >= 3, comment: input.comment ?? null },
    });
    return { ...result, customer, subjectId };
  }

  let chatLow: Awaited<ReturnType<typeof answered>>;
  let chatTwo: Awaited<ReturnType<typeof answered>>;
  let chatHigh: Awaited<ReturnType<typeof answered>>;
  let requestLow: Awaited<ReturnType<typeof answered>>;
  let phoneMid: Awaited<ReturnType<typeof answered>>;
  const only = (filter: SurveyFilter = {}): SurveyFilter => ({ agent: staff.served.userId, ...filter });

  beforeAll(async () => {
    services = await openTestServices();
    staff.quality = await member(["quality"], "Quality Reviewer One");
    staff.quality2 = await member(["quality"], "Quality Reviewer Two");
    staff.supervisor = await member(["supervisor"]);
    staff.admin = await member(["admin"]);
    staff.agent = await member(["agent"]);
    staff.served = await member(["agent"], "Agent Served");
    await services.domain.db.update(users).set({ branch: "北京海淀支行" }).where(eq(users.id, staff.served.userId));
    chatLow = await answered({ subject: "chat", channel: "chat", score: 1, comment: '=HYPERLINK("http://evil.test","click me")', at: "2026-11-02T10:00:00" });
    chatTwo = await answered({ subject: "chat", channel: "chat", score: 2, at: "2026-11-03T10:00:00" });
    chatHigh = await answered({ subject: "chat", channel: "chat", score: 5, comment: "Very quick, thank you", at: "2026-11-04T10:00:00" });
    requestLow = await answered({ subject: "request", channel: "portal", score: 2, comment: "Slow", at: "2026-11-05T10:00:00" });
    phoneMid = await answered({ subject: "request", channel: "phone", score: 3, at: "2026-11-10T10:00:00" });
    services.clock.set(cst("2026-11-20T09:00:00"));
  }, 120_000);
  afterAll(() => services?.cleanup());

  async function ids(filter: SurveyFilter, actor = staff.quality) {
    return (await findQualitySurveys(services.domain, { actor, filter: only(filter) })).rows.map((r) => r.id);
  }

  test("filters by score range, comment, channel, subject, agent, branch and period, a dashboard period too; newest first", async () => {
    expect(await ids({})).toEqual([phoneMid, requestLow, chatHigh, chatTwo, chatLow].map((s) => s.answerId));
    expect(await ids({ scoreMin: 1, scoreMax: 2, subject: "chat" })).toEqual([chatTwo.answerId, chatLow.answerId]);
    expect(await ids({ scoreMin: 3, scoreMax: 3 })).toEqual([phoneMid.answerId]);
    expect(await ids({ comment: "yes" })).toEqual([requestLow, chatHigh, chatLow].map((s) => s.answerId));
    expect(await ids({ comment: "no" })).toEqual([phoneMid, chatTwo].map((s) => s.answerId));
    expect(await ids({ channel: "phone" })).toEqual([phoneMid.answerId]);
    expect(await ids({ subject: "request" })).toEqual([phoneMid, requestLow].map((s) => s.answerId));
    expect(await ids({ from: "2026-11-03", to: "2026-11-04" })).toEqual([chatHigh, chatTwo].map((s) => s.answerId));
    expect(await ids({ agent: staff.agent.userId })).toEqual([]);
    // The dashboard's filters and period, as its links send them.
    expect(await ids({ branch: "北京海淀支行" })).toHaveLength(5);
    expect(await ids({ branch: "北京朝阳支行" })).toEqual([]);
    expect(await ids({ requestType: "loan" })).toEqual([]);
    const fromDashboard = (query: string) => surveyFilterFrom(new URLSearchParams(query), services.domain.now());
    expect(await ids(fromDashboard("period=custom&from=2026-11-03&to=2026-11-04&channel=chat"))).toEqual([chatHigh, chatTwo].map((s) => s.answerId));
    expect(await ids(fromDashboard("period=month&month=2026-11"))).toHaveLength(5);
    expect(await ids(fromDashboard("period=7d"))).toEqual([]);
    const [row] = (await findQualitySurveys(services.domain, { actor: staff.supervisor, filter: only({ channel: "portal" }) })).rows;
    expect(row).toMatchObject({ subjectType: "request", channel: "portal", agentName: "Agent Served", branch: "北京海淀支行", rating: 2, resolved: false, hasComment: true, followUpStatus: "open", tags: [] });
    expect(JSON.stringify(row)).not.toContain("Emma");
  });

  test("pages by keyset without skipping or repeating a row", async () => {
    const first = await findQualitySurveys(services.domain, { actor: staff.quality, filter: only() });
    expect(first.rows.length).toBeLessThanOrEqual(SURVEY_PAGE);
    expect(first.next).toBeNull();
    expect(decodeCursor("nonsense")).toBeNull();
    const last = first.rows[2]!;
    const after = await findQualitySurveys(services.domain, { actor: staff.quality, filter: only(), after: { at: last.answeredAt, id: last.id } });
    expect(after.rows.map((r) => r.id)).toEqual([chatTwo.answerId, chatLow.answerId]);
  });

  test("a chat survey's detail has the whole transcript, bot part included; the customer masked", async () => {
    const view = await getQualitySurvey(services.domain, { actor: staff.quality, id: chatLow.answerId });
    expect(view.answer.comment).toBe('=HYPERLINK("http://evil.test","click me")');
    expect(view.customer).toEqual({ name: "E*** B****", mobile: expect.stringMatching(/^\d{3}\*+\d{4}$/) });
    expect(view.context?.kind).toBe("chat");
    const messages = view.context?.kind === "chat" ? view.context.messages : [];
    expect(messages.map((m) => m.sender)).toEqual(expect.arrayContaining(["customer", "bot"]));
    expect(view.followUp?.status).toBe("open");
    expect(view.canReview).toBe(true);
    expect((await getQualitySurvey(services.domain, { actor: staff.admin, id: chatLow.answerId })).canReview).toBe(false);
  });

  test("tags and a note are stored, the note encrypted, and audited without its text", async () => {
    const ctx = services.domain;
    await reviewSurvey(ctx, { actor: staff.quality, id: chatLow.answerId, tags: ["agent_attitude", "process_gap", "agent_attitude"], note: "Customer quoted: 'rude agent'" });
    const [stored] = await ctx.db.select().from(surveyReviews).where(eq(surveyReviews.surveyAnswerId, chatLow.answerId));
    expect(stored?.tags).toEqual(["agent_attitude", "process_gap"]);
    expect(stored?.noteEnc).toBeTruthy();
    expect(stored?.noteEnc).not.toContain("rude");
    expect(ctx.cipher.decrypt(stored!.noteEnc!)).toBe("Customer quoted: 'rude agent'");
    await reviewSurvey(ctx, { actor: staff.quality, id: chatLow.answerId, tags: ["system"], note: "" });
    const view = await getQualitySurvey(ctx, { actor: staff.quality, id: chatLow.answerId });
    expect(view.review).toMatchObject({ tags: ["system"], note: null });
    const trail = (await auditTrailOf(ctx, chatLow.answerId)).filter((r) => r.action === "survey.reviewed");
    expect(trail).toHaveLength(2);
    expect(trail[0]?.after).toEqual({ tags: ["agent_attitude", "process_gap"], hasNote: true });
    expect(JSON.stringify(trail)).not.toContain("rude");
    expect((await findQualitySurveys(ctx, { actor: staff.quality, filter: only({ channel: "chat", scoreMax: 1 }) })).rows[0]?.tags).toEqual(["system"]);
  });

  test("a follow-up is assigned to a quality reviewer, noted, and closed only with the action taken; each step audited", async () => {
    const ctx = services.domain;
    const followUps = await findFollowUps(ctx, { actor: staff.quality });
    const mine = followUps.filter((f) => [chatLow, chatTwo, requestLow].some((s) => s.answerId === f.surveyAnswerId));
    expect(mine.map((f) => f.status)).toEqual(["open", "open", "open"]);
    const followUp = mine.find((f) => f.surveyAnswerId === chatTwo.answerId)!;
    expect((await findQualityReviewers(ctx, { actor: staff.quality })).map((r) => r.id)).toEqual(expect.arrayContaining([staff.quality.userId, staff.quality2.userId]));
    await expect(assignFollowUp(ctx, { actor: staff.quality, id: followUp.id, assigneeId: staff.agent.userId })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await assignFollowUp(ctx, { actor: staff.quality, id: followUp.id, assigneeId: staff.quality2.userId });
    await noteFollowUp(ctx, { actor: staff.quality2, id: followUp.id, note: "Called the branch" });
    await expect(closeFollowUp(ctx, { actor: staff.quality2, id: followUp.id, action: "   " })).rejects.toMatchObject({ code: "INVALID_INPUT", field: "action" });
    await closeFollowUp(ctx, { actor: staff.quality2, id: followUp.id, action: "Coached the agent on refunds" });
    await expect(closeFollowUp(ctx, { actor: staff.quality2, id: followUp.id, action: "again" })).rejects.toMatchObject({ code: "CONFLICT" });
    const [row] = await ctx.db.select().from(qualityFollowUps).where(eq(qualityFollowUps.id, followUp.id));
    expect(row).toMatchObject({ status: "closed", closedBy: staff.quality2.userId, assigneeId: staff.quality2.userId });
    expect(row?.closedAt).toEqual(ctx.now());
    expect(ctx.cipher.decrypt(row!.actionEnc!)).toBe("Coached the agent on refunds");
    expect((await auditTrailOf(ctx, followUp.id)).map((r) => r.action)).toEqual(["follow_up.opened", "quality.follow_up_assigned", "quality.follow_up_noted", "quality.follow_up_closed"]);
    const after = await findFollowUps(ctx, { actor: staff.supervisor });
    const lastOpen = after.findLastIndex((f) => f.status === "open");
    const firstClosed = after.findIndex((f) => f.status === "closed");
    expect(lastOpen).toBeLessThan(firstClosed);
    expect(after[firstClosed]).toMatchObject({ id: followUp.id, action: "Coached the agent on refunds", assigneeName: "Quality Reviewer Two" });
  });

  test("revealing the customer needs a reason, and is audited with it", async () => {
    const ctx = services.domain;
    await expect(revealSurveyCustomer(ctx, { actor: staff.quality, id: requestLow.answerId, reason: { reason: "  " } })).rejects.toMatchObject({ code: "INVALID_INPUT", field: "reason" });
    const reason = { reason: "other", note: "Call back about the delay" };
    const revealed = await revealSurveyCustomer(ctx, { actor: staff.quality, id: requestLow.answerId, reason });
    expect(revealed).toEqual({ name: "Emma Brown", mobile: requestLow.customer.mobile });
    const trail = (await auditTrailOf(ctx, requestLow.answerId)).filter((r) => r.action === "pii.revealed");
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actorId: staff.quality.userId, after: { reason: "other", fields: ["name", "mobile"], customerId: requestLow.customer.user.id } });
    // The reviewer's own words may name the customer: they are kept encrypted.
    expect(ctx.cipher.decrypt((trail[0]!.after as { noteEnc: string }).noteEnc)).toBe("Call back about the delay");
    expect(JSON.stringify(trail)).not.toContain(requestLow.customer.mobile);
    expect(JSON.stringify(trail)).not.toContain("Call back");
  });

  test("customers, agents and other staff are refused by every use case; supervisors and admins only read", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    const outsiders: StaffActor[] = [staff.agent, { userId: customer.user.id, roles: [] }, { userId: staff.agent.userId, roles: ["investigator", "manager", "risk", "compliance"] }];
    const [followUp] = await findFollowUps(ctx, { actor: staff.quality });
    const id = chatHigh.answerId;
    const calls = (actor: StaffActor) => [
      () => findQualitySurveys(ctx, { actor, filter: {} }),
      () => getQualitySurvey(ctx, { actor, id }),
      () => reviewSurvey(ctx, { actor, id, tags: ["praise"] }),
      () => revealSurveyCustomer(ctx, { actor, id, reason: { reason: "process_case" } }),
      () => findFollowUps(ctx, { actor }),
      () => findQualityReviewers(ctx, { actor }),
      () => assignFollowUp(ctx, { actor, id: followUp!.id, assigneeId: staff.quality.userId }),
      () => noteFollowUp(ctx, { actor, id: followUp!.id, note: "x" }),
      () => closeFollowUp(ctx, { actor, id: followUp!.id, action: "x" }),
      () => exportSurveys(ctx, { actor, filter: {}, format: "csv", labels: labelsFor("en") }),
    ];
    for (const actor of outsiders) {
      for (const call of calls(actor)) await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // Supervisors and admins read; they do not change a reviewer's record. Admins do not export.
    for (const actor of [staff.supervisor, staff.admin]) {
      const [read, detail, review, reveal, follow, reviewers, assign, note, close] = calls(actor);
      await expect(read!()).resolves.toBeTruthy();
      await expect(detail!()).resolves.toBeTruthy();
      await expect(follow!()).resolves.toBeTruthy();
      for (const call of [review!, reveal!, reviewers!, assign!, note!, close!]) await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(exportSurveys(ctx, { actor: staff.admin, filter: {}, format: "csv", labels: labelsFor("en") })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("the CSV export holds exactly the filtered rows, headers in the reader's language, formula cells neutralised; audited with the filter", async () => {
    const ctx = services.domain;
    const filter = only({ subject: "chat", scoreMax: 2 });
    const csv = (await readAll(await exportSurveys(ctx, { actor: staff.quality, filter, format: "csv", labels: labelsFor("zh-CN") }))).toString("utf8");
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((c) => translator("zh-CN")(`quality_review.column.${c}`)).join(","));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(translator("zh-CN")("quality_review.subject.chat"));
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.test"",""click me"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const english = (await readAll(await exportSurveys(ctx, { actor: staff.supervisor, filter, format: "csv", labels: labelsFor("en") }))).toString("utf8");
    expect(english).toContain("Score");
    const [audit] = await ctx.db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "quality.exported")).orderBy(asc(auditLog.seq)).limit(1);
    expect(audit?.after).toEqual({ format: "csv", filter });
    expect(JSON.stringify(audit)).not.toContain("HYPERLINK");
  });

  test("the XLSX export opens with the same rows", async () => {
    const ctx = services.domain;
    const filter = only({ subject: "chat", scoreMax: 2 });
    const bytes = await readAll(await exportSurveys(ctx, { actor: staff.quality, filter, format: "xlsx", labels: labelsFor("en") }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).text).toBe("Answered at");
    expect(sheet.getRow(2).getCell(7).value).toBe(2);
    expect(sheet.getRow(3).getCell(7).value).toBe(1);
    expect(sheet.getRow(3).getCell(9).text).toBe(`'=HYPERLINK("http://evil.test","click me")`);
  });

  test("the KPI table exports as CSV in the reader's language, one row per figure; audited with its period and filters", async () => {
    const ctx = services.domain;
    const t = translator("zh-CN");
    const resolved = resolveQualityQuery(new URLSearchParams("period=custom&from=2026-11-01&to=2026-11-15"), ctx.now());
    const labels = { header: (c: (typeof KPI_COLUMNS)[number]) => t(`quality_review.kpi_column.${c}`), figure: (k: (typeof FIGURE_KEYS)[number]) => t(`quality.figure.${k}`), unit: (u: "rating" | "ratio" | "seconds" | "per10k") => t(`quality_review.kpi_unit.${u}`) };
    const input = { period: resolved.period, previous: resolved.previous, filters: resolved.filters, format: "csv" as const, labels };
    await expect(exportKpis(ctx, { actor: staff.agent, ...input })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(exportKpis(ctx, { actor: staff.admin, ...input })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const csv = (await readAll(await exportKpis(ctx, { actor: staff.quality, ...input }))).toString("utf8").replace(/^\uFEFF/, "");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(KPI_COLUMNS.map((c) => t(`quality_review.kpi_column.${c}`)).join(","));
    expect(lines).toHaveLength(FIGURE_KEYS.length + 1);
    expect(lines[1]).toContain(t(`quality.figure.${FIGURE_KEYS[0]}`));
    const [audit] = await ctx.db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.objectType, "quality_kpis"));
    expect(audit?.after).toMatchObject({ format: "csv", period: { from: "2026-11-01", to: "2026-11-15" } });
  });

  test("an admin sets a staff member's branch, audited; surveys sent afterwards carry it; no one else may", async () => {
    const ctx = services.domain;
    await expect(setStaffBranch(ctx, { actor: staff.quality, userId: staff.agent.userId, branch: "X" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setStaffBranch(ctx, { actor: staff.admin, userId: staff.agent.userId, branch: "  北京朝阳支行 " });
    expect((await findStaff(ctx.db)).find((s) => s.id === staff.agent.userId)?.branch).toBe("北京朝阳支行");
    const [audit] = (await auditTrailOf(ctx, staff.agent.userId)).filter((r) => r.action === "staff.branch_changed");
    expect(audit).toMatchObject({ actorId: staff.admin.userId, before: { branch: null }, after: { branch: "北京朝阳支行" } });
    const later = await answered({ subject: "request", channel: "counter", score: 4, at: "2026-11-21T10:00:00", agentId: staff.agent.userId });
    const [row] = (await findQualitySurveys(ctx, { actor: staff.quality, filter: { agent: staff.agent.userId } })).rows;
    expect(row).toMatchObject({ id: later.answerId, branch: "北京朝阳支行" });
    await setStaffBranch(ctx, { actor: staff.admin, userId: staff.agent.userId, branch: "" });
    expect((await findStaff(ctx.db)).find((s) => s.id === staff.agent.userId)?.branch).toBeNull();
  });

  test("an export of 100,000 rows streams in modest memory", async () => {
    const ctx = services.domain;
    const bulkAgent = await member(["agent"], "Bulk Agent");
    const comment = ctx.cipher.encrypt("The wait was long but the agent was kind and solved the problem in the end.");
    // Seeded in SQL: 100,000 answered surveys through the use cases would take minutes.
    await ctx.db.execute(sql`
      insert into survey_invitations (id, subject_type, subject_id, channel, agent_id, branch, created_at, expires_at, answered_at)
      select gen_random_uuid(), 'request', gen_random_uuid(), 'portal', ${bulkAgent.userId}::uuid, '北京海淀支行',
             timestamptz '2026-11-19 00:00:00+08' - g * interval '1 second', timestamptz '2026-12-30 00:00:00+08', timestamptz '2026-11-19 00:00:00+08' - g * interval '1 second'
      from generate_series(1, 100000) g`);
    await ctx.db.execute(sql`
      insert into survey_answers (invitation_id, subject_type, subject_id, rating, resolved, comment_enc, created_at)
      select id, subject_type, subject_id, 1 + (extract(epoch from created_at)::bigint % 5)::int, true, ${comment}, created_at
      from survey_invitations where agent_id = ${bulkAgent.userId}::uuid`);
    // As autovacuum would after a load this size (PGlite runs none).
    await ctx.db.execute(sql`analyze survey_invitations, survey_answers`);
    const filter: SurveyFilter = { agent: bulkAgent.userId };
    for (const format of ["csv", "xlsx"] as const) {
      const figures = await drainMeasured(await exportSurveys(ctx, { actor: staff.quality, filter, format, labels: labelsFor("zh-CN") }));
      console.info(`[${testDatabaseKind()}] ${format} export of 100,000 rows: ${(figures.bytes / 1024 / 1024).toFixed(1)} MB in ${figures.ms} ms, peak heap growth ${figures.peakGrowthMb} MB`);
      if (format === "csv") expect(figures.lines).toBe(100_001);
      // The whole file is tens of MB; holding it would show as much growth or more.
      expect(figures.peakGrowthMb).toBeLessThan(150);
    }
  }, 300_000);
});
