import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { outbox, serviceRequests, type StaffRole } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { publishCalendarYear, removeCalendarDay, setCalendarDay } from "../../domain/calendar/manage-calendar";
import { provideInformation } from "../../domain/service-requests/customer-actions";
import { requestInformation, assignRequest } from "../../domain/service-requests/review-request";
import { scanReviewDeadlines } from "../../domain/service-requests/scan-review-deadlines";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { getUser, registerTestCustomer, uniqueEmail } from "../support/accounts";
import { HOUR } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const cst = (local: string) => new Date(`${local}+08:00`);
const inquiry = { type: "inquiry" as const, subject: "Opening hours", message: "When does the branch open?" };

describe(`the holiday table and review deadlines (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  async function staff(roles: StaffRole[]) {
    const { user } = await createStaff(services.domain, { actorId: "system:test", name: "Staff", email: uniqueEmail("staff"), roles });
    return { userId: user.id, roles };
  }

  test("a deadline reaching into an unpublished year stays open until the admin publishes that year", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-12-31T10:00:00"));
    const { user } = await registerTestCustomer(ctx);
    const request = await submitRequest(ctx, { customer: await getUser(ctx, user.id), details: inquiry });
    expect(request.dueAt).toBeNull();

    const admin = await staff(["admin"]);
    await setCalendarDay(ctx, { actorId: admin.userId, date: "2027-01-01", kind: "holiday", name: "New Year" });
    expect(() => ctx.calendar.isWorkingDay("2027-01-04")).toThrow();
    await publishCalendarYear(ctx, { actorId: admin.userId, year: 2027 });
    expect(ctx.calendar.isWorkingDay("2027-01-01")).toBe(false);
    // Two working days: 31 Dec from 10:00 (14 h), 1 Jan off, 2–3 Jan a weekend, Monday 4 Jan (24 h), Tuesday until 10:00.
    const [settled] = await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, request.id));
    expect(settled?.dueAt).toEqual(cst("2027-01-05T10:00:00"));
    await expect(publishCalendarYear(ctx, { actorId: admin.userId, year: 2026 })).rejects.toMatchObject({ userMessage: "calendar.year_covered" });
  });

  test("the deadline scan marks at risk, then overdue, and alerts supervisors once per state", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-11-23T09:00:00")); // Monday
    const supervisor = await staff(["supervisor"]);
    const { user } = await registerTestCustomer(ctx);
    const request = await submitRequest(ctx, { customer: await getUser(ctx, user.id), details: inquiry });
    expect(request.dueAt).toEqual(cst("2026-11-25T09:00:00"));
    const alertsTo = async () =>
      (await ctx.db.select().from(outbox).where(eq(outbox.template, "sla.alert"))).filter((m) => m.textBody.includes(request.number));

    const supervisorEmail = (await getUser(ctx, supervisor.userId)).email;
    const alertsToSupervisor = async () => (await alertsTo()).filter((m) => m.toAddress === supervisorEmail);

    await scanReviewDeadlines(ctx);
    expect(await alertsToSupervisor()).toHaveLength(0);

    clock.set(cst("2026-11-24T22:00:00")); // 11 working hours left
    // Two instances scanning at once still send one alert.
    await Promise.all([scanReviewDeadlines(ctx), scanReviewDeadlines(ctx)]);
    const [atRisk] = await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, request.id));
    expect(atRisk?.slaState).toBe("at_risk");
    expect(await alertsToSupervisor()).toHaveLength(1);
    await scanReviewDeadlines(ctx);
    expect(await alertsToSupervisor()).toHaveLength(1);

    clock.advance(12 * HOUR);
    await scanReviewDeadlines(ctx);
    const [overdue] = await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, request.id));
    expect(overdue?.slaState).toBe("overdue");
    expect(await alertsToSupervisor()).toHaveLength(2);
  });

  test("waiting for the customer stops the clock: a paused request never turns overdue", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-11-23T09:00:00"));
    const agent = await staff(["agent"]);
    const { user } = await registerTestCustomer(ctx);
    const request = await submitRequest(ctx, { customer: await getUser(ctx, user.id), details: inquiry });
    await assignRequest(ctx, { actor: agent, requestId: request.id });
    await requestInformation(ctx, { actor: agent, requestId: request.id, question: "Which branch?" });
    clock.advance(7 * 24 * HOUR);
    await scanReviewDeadlines(ctx);
    const [paused] = await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.id, request.id));
    expect(paused?.slaState).toBe("on_track");
  });

  async function slaStateOf(requestId: string) {
    const [row] = await services.domain.db.select({ slaState: serviceRequests.slaState }).from(serviceRequests).where(eq(serviceRequests.id, requestId));
    return row?.slaState;
  }

  test("a holiday declared after the last scan brings the at-risk moment forward", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-11-23T09:00:00")); // Monday; due Wednesday 09:00, at risk from Tuesday 21:00
    const admin = await staff(["admin"]);
    const { user } = await registerTestCustomer(ctx);
    const request = await submitRequest(ctx, { customer: await getUser(ctx, user.id), details: inquiry });
    await scanReviewDeadlines(ctx);
    expect(await slaStateOf(request.id)).toBe("on_track");

    // Tuesday becomes a holiday: on Monday at 22:00 only 2 + 9 working hours are left.
    await setCalendarDay(ctx, { actorId: admin.userId, date: "2026-11-24", kind: "holiday", name: "Bank holiday" });
    clock.set(cst("2026-11-23T22:00:00"));
    await scanReviewDeadlines(ctx);
    expect(await slaStateOf(request.id)).toBe("at_risk");
    await removeCalendarDay(ctx, { actorId: admin.userId, date: "2026-11-24" });
  });

  test("answering an information request puts the review back on the clock the scan watches", async () => {
    const { domain: ctx, clock } = services;
    clock.set(cst("2026-11-23T09:00:00"));
    const agent = await staff(["agent"]);
    const { user } = await registerTestCustomer(ctx);
    const customer = await getUser(ctx, user.id);
    const request = await submitRequest(ctx, { customer, details: inquiry });
    await assignRequest(ctx, { actor: agent, requestId: request.id });
    clock.set(cst("2026-11-23T10:00:00")); // 47 working hours left when paused
    await requestInformation(ctx, { actor: agent, requestId: request.id, question: "Which branch?" });
    clock.set(cst("2026-11-24T10:00:00"));
    await scanReviewDeadlines(ctx);
    expect(await slaStateOf(request.id)).toBe("on_track");

    clock.set(cst("2026-11-30T09:00:00")); // answered the next Monday: due Wednesday 08:00
    await provideInformation(ctx, { customer, requestId: request.id, answer: "The Pudong branch." });
    clock.set(cst("2026-12-01T21:00:00"));
    await scanReviewDeadlines(ctx);
    expect(await slaStateOf(request.id)).toBe("at_risk");
    clock.set(cst("2026-12-02T08:00:01"));
    await scanReviewDeadlines(ctx);
    expect(await slaStateOf(request.id)).toBe("overdue");
  });
});
