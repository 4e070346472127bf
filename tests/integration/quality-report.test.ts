import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, count, gte, lt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadReportFont, renderReportPdf } from "../../app/utils/report-pdf.server";
import { complaintBusinessLines, complaintCategories, complaints, qualityFollowUps, serviceChannels } from "../../db/schema";
import { closeFollowUp } from "../../domain/quality/close-follow-up";
import { computeComplaintStatistics, type ComplaintCounts } from "../../domain/quality/complaint-statistics";
import { computeDashboard } from "../../domain/quality/dashboard-figures";
import { exportMonthlyReport } from "../../domain/quality/export-monthly-report";
import { getMonthlyReport, resolveReportMonth } from "../../domain/quality/get-monthly-report";
import { resolveQualityQuery } from "../../domain/quality/quality-filters";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { auditTrailOf } from "../support/audit";
import { pdfInfo } from "../support/pdf";
import { insertComplaint, insertQualityPeople, insertSurveys, survey, type QualityPerson } from "../support/quality-data";
import { seededRandom } from "../support/seeded-random";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Noon in China on 20 November 2026: the last full month is October.
const NOW = new Date("2026-11-20T04:00:00.000Z");
// Midnight at the start of 1 October and of 1 November 2026, China time (UTC+8).
const OCTOBER_STARTS = new Date("2026-09-30T16:00:00.000Z");
const NOVEMBER_STARTS = new Date("2026-10-31T16:00:00.000Z");

interface ComplaintCase {
  channel: (typeof serviceChannels)[number];
  businessLine: (typeof complaintBusinessLines)[number];
  category: (typeof complaintCategories)[number];
  acceptedAt: Date;
  dueAt: Date;
  decidedAt: Date | null;
  reopenCount: number;
}

const inOctober = (at: Date | null) => !!at && at >= OCTOBER_STARTS && at < NOVEMBER_STARTS;

function tally(cases: ComplaintCase[]): ComplaintCounts {
  return {
    received: cases.length,
    decided: cases.filter((c) => c.decidedAt).length,
    decidedInTime: cases.filter((c) => c.decidedAt && c.decidedAt <= c.dueAt).length,
    reopened: cases.filter((c) => c.reopenCount > 0).length,
  };
}

describe(`monthly quality report (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let quality: StaffActor;
  let customers: QualityPerson[];
  const cases: ComplaintCase[] = [];
  const followUps: { createdAt: Date; closedAt: Date | null; action: string | null }[] = [];

  beforeAll(async () => {
    services = await openTestServices();
    services.clock.set(NOW);
    const db = services.domain.db;
    let agents: QualityPerson[];
    ({ customers, agents } = await insertQualityPeople(db, { customers: 10, agents: 1 }));
    quality = { userId: agents[0]!.id, roles: ["quality"] };

    // Complaints over September to November, across every channel, business type and cause.
    const random = seededRandom(3);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    for (let i = 0; i < 90; i++) {
      const acceptedAt = new Date(NOW.getTime() - Math.floor(random() * 80 * DAY));
      cases.push({
        channel: pick(serviceChannels),
        businessLine: pick(complaintBusinessLines),
        category: pick(complaintCategories),
        acceptedAt,
        dueAt: new Date(acceptedAt.getTime() + 15 * DAY),
        decidedAt: random() < 0.7 ? new Date(acceptedAt.getTime() + Math.floor(random() * 25 * DAY)) : null,
        reopenCount: random() < 0.2 ? 1 : 0,
      });
    }
    // Either side of each month boundary in China time: the day in UTC would say otherwise.
    // Each with its own channel, business type and cause, so that a miscounted one shows.
    const boundaries = [
      { acceptedAt: new Date(OCTOBER_STARTS.getTime() - 1), channel: "chat", businessLine: "deposits", category: "fees" },
      { acceptedAt: OCTOBER_STARTS, channel: "counter", businessLine: "wealth", category: "privacy" },
      { acceptedAt: new Date(NOVEMBER_STARTS.getTime() - 1), channel: "counter", businessLine: "wealth", category: "privacy" },
      { acceptedAt: NOVEMBER_STARTS, channel: "email", businessLine: "payments", category: "system_fault" },
    ] as const;
    for (const b of boundaries) cases.push({ ...b, dueAt: new Date(b.acceptedAt.getTime() + 15 * DAY), decidedAt: null, reopenCount: 0 });
    for (const [i, c] of cases.entries()) await insertComplaint(db, { customerId: customers[i % customers.length]!.id, investigatorId: null, ...c });

    // Follow-ups opened in September and October, closed in October, in November, or not yet.
    const plan: { createdAt: Date; closedAt: Date | null }[] = [
      { createdAt: new Date("2026-09-10T02:00:00.000Z"), closedAt: new Date("2026-10-03T02:00:00.000Z") },
      { createdAt: new Date("2026-09-20T02:00:00.000Z"), closedAt: null },
      { createdAt: new Date("2026-09-25T02:00:00.000Z"), closedAt: new Date("2026-09-28T02:00:00.000Z") },
      { createdAt: new Date("2026-10-05T02:00:00.000Z"), closedAt: new Date("2026-10-20T02:00:00.000Z") },
      { createdAt: new Date("2026-10-15T02:00:00.000Z"), closedAt: new Date(NOVEMBER_STARTS.getTime() + HOUR) },
      { createdAt: new Date("2026-10-30T02:00:00.000Z"), closedAt: null },
      // Closed 00:30 on 1 November, China time: that is 31 October in UTC, but November here.
      { createdAt: new Date("2026-10-31T02:00:00.000Z"), closedAt: new Date(NOVEMBER_STARTS.getTime() + HOUR / 2) },
      { createdAt: new Date("2026-11-02T02:00:00.000Z"), closedAt: null },
    ];
    for (const [i, p] of plan.entries()) {
      const { invitation, answer } = survey({ customerId: customers[i]!.id, createdAt: p.createdAt, channel: "phone" }, { rating: 1 + (i % 2) });
      const answerId = crypto.randomUUID();
      await insertSurveys(db, [invitation], [{ ...answer!, id: answerId }]);
      const [row] = await db
        .insert(qualityFollowUps)
        .values({ surveyAnswerId: answerId, subjectType: "complaint", subjectId: invitation.subjectId, status: "open", createdAt: p.createdAt })
        .returning({ id: qualityFollowUps.id });
      const action = p.closedAt ? `措施 ${i}: called the branch back` : null;
      if (p.closedAt && action) {
        services.clock.set(p.closedAt);
        await closeFollowUp(services.domain, { actor: quality, id: row!.id, action });
      }
      followUps.push({ ...p, action });
    }
    services.clock.set(NOW);
  });
  afterAll(() => services?.cleanup());

  test("the month comes from the address, else the last full month in China time", () => {
    expect(resolveReportMonth(null, NOW)).toEqual({ month: "2026-10", invalid: false });
    expect(resolveReportMonth("2026-11", NOW)).toEqual({ month: "2026-11", invalid: false });
    expect(resolveReportMonth("2025-02", NOW)).toEqual({ month: "2025-02", invalid: false });
    for (const bad of ["2026-13", "2026-12", "November", "2026-1", ["2026-10"]]) expect(resolveReportMonth(bad, NOW)).toEqual({ month: "2026-10", invalid: true });
    // 00:30 on 1 November in China is still 31 October in UTC: October is already complete.
    expect(resolveReportMonth(undefined, new Date(NOVEMBER_STARTS.getTime() + HOUR / 2))).toEqual({ month: "2026-10", invalid: false });
    expect(resolveReportMonth(undefined, new Date(NOVEMBER_STARTS.getTime() - 1))).toEqual({ month: "2026-09", invalid: false });
  });

  test("complaint statistics by channel, business type and cause equal the counts of what was inserted", async () => {
    const { period } = resolveQualityQuery({ period: "month", month: "2026-10" }, NOW);
    const stats = await computeComplaintStatistics(services.domain, { actor: quality, period });
    const october = cases.filter((c) => inOctober(c.acceptedAt));
    expect(stats.total).toEqual(tally(october));
    for (const dimension of ["channel", "businessLine", "category"] as const) {
      const values = [...new Set(october.map((c) => c[dimension]))];
      expect(stats[dimension].map((r) => r.value).sort()).toEqual(values.sort());
      for (const row of stats[dimension]) {
        const { value, ...counts } = row;
        expect(counts, `${dimension} ${value}`).toEqual(tally(october.filter((c) => c[dimension] === value)));
      }
      expect(stats[dimension].reduce((sum, r) => sum + r.received, 0)).toBe(october.length);
    }
    // The database's own count for the month, by the same half-open interval.
    const [direct] = await services.domain.db
      .select({ n: count() })
      .from(complaints)
      .where(and(gte(complaints.acceptedAt, OCTOBER_STARTS), lt(complaints.acceptedAt, NOVEMBER_STARTS)));
    expect(stats.total.received).toBe(direct!.n);
  });

  test("the report: figures against September, the daily trend, weakest areas without staff, and the follow-up actions", async () => {
    const report = await getMonthlyReport(services.domain, { actor: quality, month: "2026-10" });
    expect(report.period).toEqual({ firstDay: "2026-10-01", lastDay: "2026-10-31" });
    expect(report.previous).toEqual({ firstDay: "2026-09-01", lastDay: "2026-09-30" });
    const { period, previous } = resolveQualityQuery({ period: "month", month: "2026-10" }, NOW);
    expect(report.figures).toEqual(await computeDashboard(services.domain, { actor: quality, period, previous, filters: {} }));
    expect(report.figures.find((f) => f.key === "complaints_per_10k")!.current.counts.numerator).toBe(cases.filter((c) => inOctober(c.acceptedAt)).length);
    expect(report.trend.step).toBe("day");
    expect(report.trend.points).toHaveLength(31);
    expect(report.trend.points[0]!.start).toBe("2026-10-01");
    expect(report.weakest.every((a) => a.dimension !== "agent")).toBe(true);

    const endOfOctober = NOVEMBER_STARTS;
    expect(report.followUps).toMatchObject({
      opened: followUps.filter((f) => inOctober(f.createdAt)).length,
      closed: followUps.filter((f) => inOctober(f.closedAt)).length,
      openAtEnd: followUps.filter((f) => f.createdAt < endOfOctober && (!f.closedAt || f.closedAt >= endOfOctober)).length,
    });
    expect(report.followUps).toMatchObject({ opened: 4, closed: 2, openAtEnd: 4 });
    // Decrypted, oldest first; nothing about the customer or the case.
    const closedInOctober = followUps.filter((f) => inOctober(f.closedAt));
    expect(report.followUps.actions.map((a) => a.action)).toEqual(closedInOctober.map((f) => f.action));
    expect(report.followUps.actions.map((a) => a.closedAt)).toEqual(closedInOctober.map((f) => f.closedAt));
    expect(Object.keys(report.followUps.actions[0]!).sort()).toEqual(["action", "closedAt", "rating", "subjectType"]);
  });

  test("customers, agents and other staff are refused; admins read but do not export", async () => {
    const ctx = services.domain;
    const render = async () => Buffer.from("never");
    for (const roles of [[], ["agent"], ["manager", "compliance"]] as const) {
      const actor: StaffActor = { userId: quality.userId, roles };
      await expect(getMonthlyReport(ctx, { actor, month: "2026-10" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(computeComplaintStatistics(ctx, { actor, period: resolveQualityQuery({ period: "month", month: "2026-10" }, NOW).period })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(exportMonthlyReport(ctx, { actor, month: "2026-10", format: "pdf", render })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const admin: StaffActor = { userId: quality.userId, roles: ["admin"] };
    await expect(getMonthlyReport(ctx, { actor: admin, month: "2026-10" })).resolves.toMatchObject({ month: "2026-10" });
    await expect(exportMonthlyReport(ctx, { actor: admin, month: "2026-10", format: "pdf", render })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getMonthlyReport(ctx, { actor: quality, month: "2026-12" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await auditTrailOf(ctx, "2026-10")).toEqual([]);
  });

  test("the PDF in both languages, audited with the month", async () => {
    const font = await loadReportFont(process.env.REPORT_FONT_PATH ?? "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    expect(font, "a font with Chinese characters (Debian: fonts-wqy-microhei)").not.toBeNull();
    for (const locale of ["zh-CN", "en"] as const) {
      const pdf = await exportMonthlyReport(services.domain, { actor: quality, month: "2026-10", format: "pdf", render: (report) => renderReportPdf(report, { locale, font: font! }) });
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdfInfo(pdf, "Subject")).toBe("2026-10");
      expect(pdf.toString("latin1")).toContain(`/Lang (${locale})`);
      expect(pdf.byteLength).toBeGreaterThan(5_000);
    }
    const trail = await auditTrailOf(services.domain, "2026-10");
    expect(trail.map((r) => [r.action, r.objectType, r.actorId])).toEqual([
      ["quality.exported", "quality_report", quality.userId],
      ["quality.exported", "quality_report", quality.userId],
    ]);
    expect(trail[0]!.after).toEqual({ format: "pdf", month: "2026-10" });
  });

  test("no font, or a font without Chinese, is reported as missing rather than failing", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-font-"));
    try {
      const notAFont = path.join(dir, "not-a-font.ttf");
      await fs.writeFile(notAFont, "plain text");
      expect(await loadReportFont(notAFont)).toBeNull();
      expect(await loadReportFont(path.join(dir, "missing.ttc"))).toBeNull();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
