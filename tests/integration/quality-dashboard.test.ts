import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { translator } from "../../app/i18n";
import { auditLog, surveyAnswers, surveyInvitations } from "../../db/schema";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { exportKpis, KPI_COLUMNS, type KpiLabels } from "../../domain/quality/export-kpis";
import { computeDashboard, trend, weakestAreas, WEAKEST_MIN_VOLUME, type Figure, type FigureKey } from "../../domain/quality/dashboard-figures";
import { resolveQualityQuery, type Period, type QualityFilters } from "../../domain/quality/quality-filters";
import {
  insertClosedChat,
  insertComplaint,
  insertQualityPeople,
  insertReviewedRequest,
  insertSurveys,
  seedSurveys,
  survey,
  type QualityPerson,
} from "../support/quality-data";
import { seededRandom } from "../support/seeded-random";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Noon in China on 20 November 2026.
const NOW = new Date("2026-11-20T04:00:00.000Z");
const quality: StaffActor = { userId: "00000000-0000-4000-8000-000000000001", roles: ["quality"] };

type Row = { at: Date };
const within = (at: Date | null | undefined, p: Period) => !!at && at >= p.from && at < p.to;

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const share = (n: number, d: number) => (d > 0 ? n / d : null);

interface RequestCase extends Row { type: "loan" | "transfer"; reviewerId: string; submittedAt: Date; dueAt: Date; reviewedAt: Date; decidedAt: Date | null }
interface ComplaintCase { channel: "phone" | "email"; category: "fees" | "other"; investigatorId: string; acceptedAt: Date; dueAt: Date; decidedAt: Date | null; reopenCount: number }
interface ChatCase { agentId: string | null; closedAt: Date; queuedAt: Date | null; claimedAt: Date | null }

describe(`quality dashboard (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let customers: QualityPerson[];
  let agents: QualityPerson[];
  let data: Awaited<ReturnType<typeof seedSurveys>>;
  const requests: RequestCase[] = [];
  const complaintCases: ComplaintCase[] = [];
  const chats: ChatCase[] = [];

  beforeAll(async () => {
    services = await openTestServices();
    const db = services.domain.db;
    ({ customers, agents } = await insertQualityPeople(db, { customers: 40, agents: 4 }));
    data = await seedSurveys(db, { count: 500, now: NOW, customers, agents, keepRows: true, seed: 7 });
    const random = seededRandom(11);
    for (let i = 0; i < 40; i++) {
      const submittedAt = new Date(NOW.getTime() - Math.floor(random() * 170 * DAY));
      const c: RequestCase = {
        at: submittedAt,
        type: random() < 0.5 ? "loan" : "transfer",
        reviewerId: agents[i % agents.length]!.id,
        submittedAt,
        dueAt: new Date(submittedAt.getTime() + 2 * DAY),
        reviewedAt: new Date(submittedAt.getTime() + Math.floor(random() * 3 * DAY)),
        decidedAt: random() < 0.8 ? new Date(submittedAt.getTime() + Math.floor(random() * 9 * DAY)) : null,
      };
      requests.push(c);
      await insertReviewedRequest(db, { customerId: customers[i]!.id, ...c });
    }
    for (let i = 0; i < 40; i++) {
      const acceptedAt = new Date(NOW.getTime() - Math.floor(random() * 170 * DAY));
      const c: ComplaintCase = {
        channel: random() < 0.5 ? "phone" : "email",
        category: random() < 0.5 ? "fees" : "other",
        investigatorId: agents[(i + 1) % agents.length]!.id,
        acceptedAt,
        dueAt: new Date(acceptedAt.getTime() + 15 * DAY),
        decidedAt: random() < 0.8 ? new Date(acceptedAt.getTime() + Math.floor(random() * 20 * DAY)) : null,
        reopenCount: random() < 0.2 ? 1 : 0,
      };
      complaintCases.push(c);
      await insertComplaint(db, { customerId: customers[i]!.id, ...c });
    }
    for (let i = 0; i < 40; i++) {
      const createdAt = new Date(NOW.getTime() - Math.floor(random() * 170 * DAY));
      const closedAt = new Date(createdAt.getTime() + HOUR);
      const withAgent = random() < 0.6;
      const queuedAt = withAgent ? new Date(createdAt.getTime() + 60_000) : null;
      const claimedAt = queuedAt ? new Date(queuedAt.getTime() + Math.floor(random() * 600_000)) : null;
      const agentId = withAgent ? agents[i % agents.length]!.id : null;
      chats.push({ agentId, closedAt, queuedAt, claimedAt });
      await insertClosedChat(db, {
        customerId: null,
        createdAt,
        closedAt,
        agent: agentId && queuedAt && claimedAt ? { id: agentId, queuedAt, claimedAt } : undefined,
      });
    }
  });
  afterAll(() => services?.cleanup());

  /** The same figures, counted here in plain JS from what was inserted. */
  function expected(period: Period, filters: QualityFilters): Record<FigureKey, number | null> {
    const matches = (inv: (typeof data.invitations)[number]) =>
      (!filters.channel || inv.channel === filters.channel) &&
      (!filters.requestType || inv.requestType === filters.requestType) &&
      (!filters.complaintCategory || inv.complaintCategory === filters.complaintCategory) &&
      (!filters.agent || inv.agentId === filters.agent) &&
      (!filters.branch || inv.branch === filters.branch);
    const byId = new Map(data.invitations.map((i) => [i.id, i]));
    const answers = data.answers.filter((a) => within(a.createdAt, period) && matches(byId.get(a.invitationId!)!));
    const sent = data.invitations.filter((i) => within(i.createdAt, period) && matches(i));
    const withResolved = answers.filter((a) => a.resolved !== null);

    const requestOk = (r: RequestCase) =>
      (!filters.channel || filters.channel === "portal") && (!filters.requestType || r.type === filters.requestType) && (!filters.agent || r.reviewerId === filters.agent);
    const reviewed = requests.filter((r) => requestOk(r) && within(r.reviewedAt, period));
    const decidedRequests = requests.filter((r) => requestOk(r) && within(r.decidedAt, period));
    const requestSeconds = decidedRequests.map((r) => (r.decidedAt!.getTime() - r.submittedAt.getTime()) / 1000);

    const complaintOk = (c: ComplaintCase) =>
      (!filters.channel || c.channel === filters.channel) && (!filters.complaintCategory || c.category === filters.complaintCategory) && (!filters.agent || c.investigatorId === filters.agent);
    const decided = complaintCases.filter((c) => complaintOk(c) && within(c.decidedAt, period));
    const complaintSeconds = decided.map((c) => (c.decidedAt!.getTime() - c.acceptedAt.getTime()) / 1000);
    const received = complaintCases.filter(
      (c) => (!filters.channel || c.channel === filters.channel) && (!filters.complaintCategory || c.category === filters.complaintCategory) && within(c.acceptedAt, period),
    );

    const closed = chats.filter((c) => (!filters.channel || filters.channel === "chat") && (!filters.agent || c.agentId === filters.agent) && within(c.closedAt, period));
    const waits = closed.filter((c) => c.claimedAt).map((c) => (c.claimedAt!.getTime() - c.queuedAt!.getTime()) / 1000);

    return {
      satisfaction_average: mean(answers.map((a) => a.rating)),
      satisfaction_top_share: share(answers.filter((a) => a.rating >= 4).length, answers.length),
      response_rate: share(sent.filter((i) => i.answeredAt).length, sent.length),
      resolved_rate: share(withResolved.filter((a) => a.resolved).length, withResolved.length),
      sla_compliance: share(reviewed.filter((r) => r.reviewedAt <= r.dueAt).length, reviewed.length),
      complaint_within_deadline: share(decided.filter((c) => c.decidedAt! <= c.dueAt).length, decided.length),
      reopen_rate: share(decided.filter((c) => c.reopenCount > 0).length, decided.length),
      request_handling_average: mean(requestSeconds),
      request_handling_p90: percentile(requestSeconds, 0.9),
      complaint_handling_average: mean(complaintSeconds),
      complaint_handling_p90: percentile(complaintSeconds, 0.9),
      chat_wait_average: mean(waits),
      chat_wait_p90: percentile(waits, 0.9),
      bot_containment: share(closed.filter((c) => !c.agentId).length, closed.length),
      complaints_per_10k: share(received.length * 10_000, customers.length),
    };
  }

  function expectFigures(figures: Figure[], want: Record<FigureKey, number | null>, which: "current" | "previous" = "current") {
    for (const f of figures) {
      const value = f[which].value;
      const w = want[f.key];
      if (w === null) expect(value, f.key).toBeNull();
      else expect(value, f.key).toBeCloseTo(w, 6);
    }
  }

  async function check(params: Record<string, string>) {
    const resolved = resolveQualityQuery(new URLSearchParams(params), NOW);
    const figures = await computeDashboard(services.domain, { actor: quality, ...resolved });
    expect(figures).toHaveLength(15);
    expectFigures(figures, expected(resolved.period, resolved.filters));
    expectFigures(figures, expected(resolved.previous, resolved.filters), "previous");
    return { resolved, figures };
  }

  test("every figure over the last 90 days equals a direct count; the change is against the 90 days before", async () => {
    const { figures } = await check({ period: "90d" });
    const satisfaction = figures.find((f) => f.key === "satisfaction_average")!;
    expect(satisfaction.current.counts.denominator).toBeGreaterThan(100);
    // The surveys are all recent; requests, complaints and chats reach back further.
    expect(satisfaction.previous.value).toBeNull();
    expect(satisfaction.change).toBeNull();
    const handling = figures.find((f) => f.key === "complaint_handling_average")!;
    expect(handling.previous.counts.denominator).toBeGreaterThan(0);
    expect(handling.change).toBeCloseTo(handling.current.value! - handling.previous.value!, 6);
    const response = figures.find((f) => f.key === "response_rate")!;
    expect(response.current.counts.numerator).toBeGreaterThan(0);
    expect(figures.every((f) => f.ignoredFilters.length === 0)).toBe(true);
  });

  test("channel chat: survey and chat figures are cut; requests have none; the page is told which ignore the filter", async () => {
    const { figures } = await check({ period: "90d", channel: "chat" });
    expect(figures.find((f) => f.key === "sla_compliance")!.current.counts.denominator).toBe(0);
    expect(figures.find((f) => f.key === "bot_containment")!.current.counts.denominator).toBeGreaterThan(0);
    expect(figures.find((f) => f.key === "complaints_per_10k")!.ignoredFilters).toEqual([]);
  });

  test("a calendar month, against the month before", async () => {
    const { resolved } = await check({ period: "month", month: "2026-10" });
    expect(resolved.period.firstDay).toBe("2026-10-01");
    expect(resolved.period.lastDay).toBe("2026-10-31");
    expect(resolved.previous.firstDay).toBe("2026-09-01");
    expect(resolved.previous.lastDay).toBe("2026-09-30");
  });

  test("one agent, and a request type (ignored by chat and complaint figures)", async () => {
    await check({ period: "30d", agent: agents[1]!.id });
    const { figures } = await check({ period: "90d", requestType: "loan", branch: agents[0]!.branch! });
    expect(figures.find((f) => f.key === "chat_wait_average")!.ignoredFilters).toEqual(["requestType", "branch"]);
  });

  test("the survey figures follow every change: a survey sent, answered, then deleted", async () => {
    const db = services.domain.db;
    const sentAt = new Date(NOW.getTime() - 2 * HOUR);
    const { invitation, answer } = survey({ customerId: customers[0]!.id, createdAt: sentAt, channel: "chat", agentId: agents[3]!.id }, { rating: 1, resolved: false, at: NOW });
    await insertSurveys(db, [{ ...invitation, answeredAt: null }], []);
    data.invitations.push({ ...invitation, answeredAt: null });
    await check({ period: "7d" });

    await db.update(surveyInvitations).set({ answeredAt: NOW }).where(eq(surveyInvitations.id, invitation.id));
    await insertSurveys(db, [], [answer!]);
    data.invitations[data.invitations.length - 1] = invitation;
    data.answers.push(answer!);
    const { figures } = await check({ period: "7d", channel: "chat" });
    expect(figures.find((f) => f.key === "satisfaction_average")!.current.counts.denominator).toBeGreaterThan(0);

    await db.delete(surveyAnswers).where(eq(surveyAnswers.invitationId, invitation.id));
    await db.delete(surveyInvitations).where(eq(surveyInvitations.id, invitation.id));
    data.answers.pop();
    data.invitations.pop();
    await check({ period: "7d", channel: "chat" });
  });

  test("bad query parameters fall back to defaults with a message", () => {
    const bad = resolveQualityQuery(new URLSearchParams({ period: "forever", channel: "fax", agent: "1 or 1=1" }), NOW);
    expect(bad.period.kind).toBe("30d");
    expect(bad.period.days).toBe(30);
    expect(bad.period.lastDay).toBe("2026-11-20");
    expect(bad.filters).toEqual({ channel: undefined, requestType: undefined, complaintCategory: undefined, agent: undefined, branch: undefined });
    expect(bad.messages).toEqual(["quality.period.invalid", "quality.filter.invalid"]);
    const reversed = resolveQualityQuery(new URLSearchParams({ period: "custom", from: "2026-11-10", to: "2026-11-01" }), NOW);
    expect(reversed.period.kind).toBe("30d");
    expect(reversed.messages).toEqual(["quality.period.invalid"]);
    const long = resolveQualityQuery(new URLSearchParams({ period: "custom", from: "2024-01-01", to: "2026-01-01" }), NOW);
    expect(long.messages).toEqual(["quality.period.too_long"]);
    const custom = resolveQualityQuery(new URLSearchParams({ period: "custom", from: "2026-02-01", to: "2026-02-28" }), NOW);
    expect(custom.period).toMatchObject({ days: 28, from: new Date("2026-01-31T16:00:00.000Z") });
    expect(custom.previous.lastDay).toBe("2026-01-31");
  });

  test("the trend adds up to the answers of the period, per day or per week", async () => {
    for (const period of ["30d", "90d"]) {
      const resolved = resolveQualityQuery(new URLSearchParams({ period }), NOW);
      const { step, points } = await trend(services.domain, { actor: quality, ...resolved });
      expect(step).toBe(period === "30d" ? "day" : "week");
      if (step === "day") expect(points).toHaveLength(30);
      const figures = await computeDashboard(services.domain, { actor: quality, ...resolved });
      const answers = figures.find((f) => f.key === "satisfaction_average")!.current.counts.denominator;
      expect(points.reduce((n, p) => n + p.answers, 0)).toBe(answers);
    }
  });

  test("weakest areas: a low category with enough answers is named, one with too few is not", async () => {
    // A quiet month of its own, long before the seeded data.
    const at = new Date("2024-03-10T04:00:00.000Z");
    const rows = [
      ...[1, 2, 1, 2, 1, 2].map((rating) => survey({ customerId: customers[0]!.id, createdAt: at, channel: "phone", complaintCategory: "fees", agentId: agents[2]!.id }, { rating })),
      ...[1, 1, 1].map((rating) => survey({ customerId: customers[0]!.id, createdAt: at, channel: "phone", complaintCategory: "privacy", agentId: agents[2]!.id }, { rating })),
      ...[5, 5, 4, 5, 5, 5].map((rating) => survey({ customerId: customers[0]!.id, createdAt: at, channel: "email", complaintCategory: "other", agentId: agents[3]!.id }, { rating })),
    ];
    await insertSurveys(
      services.domain.db,
      rows.map((r) => r.invitation),
      rows.flatMap((r) => (r.answer ? [r.answer] : [])),
    );
    const resolved = resolveQualityQuery(new URLSearchParams({ period: "month", month: "2024-03" }), NOW);
    const areas = await weakestAreas(services.domain, { actor: quality, ...resolved });
    const categories = areas.filter((a) => a.dimension === "complaintCategory");
    expect(categories[0]).toMatchObject({ value: "fees", reason: "quality.weak.low_satisfaction", score: 1.5, volume: 6 });
    expect(categories.map((a) => a.value)).not.toContain("privacy");
    expect(areas.every((a) => a.volume >= WEAKEST_MIN_VOLUME)).toBe(true);
    const agentArea = areas.find((a) => a.dimension === "agent");
    expect(agentArea).toMatchObject({ value: agents[2]!.id, label: "Quality agent 2", volume: 9 });
  });

  test("the KPI table as a workbook: the dashboard's figures as numbers, ratios shown as percentages, labels in the reader's language; audited", async () => {
    const t = translator("en");
    const labels: KpiLabels = {
      header: (c) => t(`quality_review.kpi_column.${c}`),
      figure: (k) => t(`quality.figure.${k}`),
      unit: (u) => t(`quality_review.kpi_unit.${u}`),
    };
    const resolved = resolveQualityQuery(new URLSearchParams({ period: "90d", channel: "chat" }), NOW);
    const figures = await computeDashboard(services.domain, { actor: quality, ...resolved });
    const stream = await exportKpis(services.domain, { actor: quality, ...resolved, format: "xlsx", labels });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await new Response(stream).arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(figures.length + 1);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(KPI_COLUMNS.map((c) => t(`quality_review.kpi_column.${c}`)));
    const column = (name: (typeof KPI_COLUMNS)[number]) => KPI_COLUMNS.indexOf(name) + 1;
    figures.forEach((f, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(column("figure")).value).toBe(t(`quality.figure.${f.key}`));
      expect(row.getCell(column("unit")).value).toBe(t(`quality_review.kpi_unit.${f.unit}`));
      for (const [name, want] of [["current", f.current.value], ["previous", f.previous.value], ["change", f.change]] as const) {
        const cell = row.getCell(column(name));
        if (want === null) expect(cell.value, `${f.key} ${name}`).toBeNull();
        else expect(cell.value, `${f.key} ${name}`).toBeCloseTo(want, 4);
      }
      expect(row.getCell(column("denominator")).value).toBe(f.current.counts.denominator);
      expect(row.getCell(column("numerator")).value).toBe(f.current.counts.numerator ?? null);
      if (f.unit === "ratio") expect(row.getCell(column("current")).numFmt).toBe("0.0%");
      expect(row.getCell(column("period")).value).toBe(`${resolved.period.firstDay} – ${resolved.period.lastDay}`);
    });
    const audits = await services.domain.db.select({ actorId: auditLog.actorId, action: auditLog.action, after: auditLog.after }).from(auditLog).where(eq(auditLog.objectType, "quality_kpis"));
    expect(audits).toEqual([{ actorId: quality.userId, action: "quality.exported", after: { format: "xlsx", period: { from: resolved.period.firstDay, to: resolved.period.lastDay }, filters: { channel: "chat" } } }]);
  });

  test("customers and agents are refused", async () => {
    const resolved = resolveQualityQuery(new URLSearchParams(), NOW);
    for (const roles of [[], ["agent"]] as const) {
      const actor: StaffActor = { userId: customers[0]!.id, roles };
      await expect(computeDashboard(services.domain, { actor, ...resolved })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(weakestAreas(services.domain, { actor, ...resolved })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(trend(services.domain, { actor, ...resolved })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(exportKpis(services.domain, { actor, ...resolved, format: "xlsx", labels: { header: String, figure: String, unit: String } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
