import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serviceRequests } from "../../db/schema";
import { findRequestQueue, QUEUE_PAGE } from "../../domain/service-requests/find-requests";
import type { StaffActor } from "../../domain/service-requests/request-access";
import { createEnrolledStaff, registerTestCustomer } from "../support/accounts";
import { insertTestRequest } from "../support/requests";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const COUNT = 2 * QUEUE_PAGE + 17;
const MINUTE = 60_000;

describe(`the desk's queue, page by page (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let agent: StaffActor;
  /** The agent's requests in the order the queue must show them. */
  let expected: string[];

  beforeAll(async () => {
    services = await openTestServices();
    const ctx = services.domain;
    const { user } = await registerTestCustomer(ctx);
    agent = { userId: (await createEnrolledStaff(ctx, ["agent"])).user.id, roles: ["agent"] };
    const base = ctx.now().getTime();
    const rows: { number: string; dueAt: Date | null; submittedAt: Date; id: string }[] = [];
    for (let i = 0; i < COUNT; i++) {
      const request = await insertTestRequest(ctx, user.id);
      // Due times shared by three requests at a time, every fourth without one (its year's calendar
      // not yet published), and submission times that tie too: only the id tells some apart.
      const dueAt = i % 4 === 0 ? null : new Date(base + Math.floor(i / 3) * MINUTE);
      const submittedAt = new Date(base - (i % 5) * 1_000);
      await ctx.db.update(serviceRequests).set({ assigneeId: agent.userId, dueAt, submittedAt }).where(eq(serviceRequests.id, request.id));
      rows.push({ number: request.number, dueAt, submittedAt, id: request.id });
    }
    const order = (r: (typeof rows)[number]) => [r.dueAt?.getTime() ?? Infinity, r.submittedAt.getTime()] as const;
    expected = rows
      .sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => r.number);
  });
  afterAll(() => services?.cleanup());

  const mine = (after: string | null) => findRequestQueue(services.domain, { actor: agent, filter: { assignee: "me" }, after });

  test("pages follow one another soonest due first, none twice and none left out, the undated last", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await mine(after);
      expect(page.rows.length).toBeLessThanOrEqual(QUEUE_PAGE);
      seen.push(...page.rows.map((r) => r.number));
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  test("a request decided on an earlier page shifts nothing on the next", async () => {
    const first = await mine(null);
    await services.domain.db
      .update(serviceRequests)
      .set({ status: "withdrawn" })
      .where(inArray(serviceRequests.number, first.rows.slice(0, 5).map((r) => r.number)));
    const second = await mine(first.next);
    expect(second.rows.map((r) => r.number)).toEqual(expected.slice(QUEUE_PAGE, 2 * QUEUE_PAGE));
  });

  test("a page after a number that is not in the queue is empty", async () => {
    expect(await mine("TL20991231999999")).toEqual({ rows: [], next: null });
  });
});
