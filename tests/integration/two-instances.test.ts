import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, chatMessages, complaints, outbox, serviceRequests, slaAlerts, surveyInvitations } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import { registerTestCustomer, TEST_PASSWORD, TEST_USER_AGENT, uniqueEmail } from "../support/accounts";
import { seedDueWork } from "../support/due-work";
import { startWebProcess, type WebProcess } from "../support/server-process";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const INSTANCE_URL = { a: "http://instance-a.test", b: "http://instance-b.test" };
// Enough work that the two instances' runs overlap, little enough to seed in seconds.
const EACH = 15;
const EMAILS = 150;
const SUPERVISORS = 2;

/**
 * Two whole servers (server.ts with the production build, as `npm start` runs it: portal,
 * sockets, background jobs and the outbox worker) on one PostgreSQL and one Redis.
 * NOTE: one PGlite folder serves one process only, so several instances means PostgreSQL.
 */
describe.skipIf(testDatabaseKind() === "pglite")("two whole servers on one PostgreSQL (postgres; skipped on PGlite: one folder, one process)", () => {
  let services: TestServices;
  // One mail server per instance: what each received tells which instance sent it.
  let sinks: { a: SmtpSink; b: SmtpSink };
  let attachmentsDir: string;
  let a: WebProcess;
  let b: WebProcess;
  const sockets: Socket[] = [];
  /** What the background jobs find waiting for them when both servers start: ids. */
  let due: { requests: string[]; complaints: string[]; surveys: string[] };
  /** What every instance of this suite runs with. */
  let env: Record<string, string>;

  beforeAll(async () => {
    services = await openTestServices();
    sinks = { a: await startSmtpSink(), b: await startSmtpSink() };
    attachmentsDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-two-instances-"));
    const work = await seedDueWork(services, { each: EACH, supervisors: SUPERVISORS });
    due = { requests: work.requests.map((r) => r.id), complaints: work.complaints.map((c) => c.id), surveys: work.surveys };
    env = {
      ...services.testDatabase.env,
      REDIS_URL,
      // Its own channel prefix, so parallel runs on the same Redis never see each other's rooms.
      REDIS_ADAPTER_KEY: `tl-test-${crypto.randomBytes(5).toString("hex")}`,
      ATTACHMENTS_DIR: attachmentsDir,
    };
    // Started together, so both instances' first job runs (5 s after start) meet the same work.
    // Each links its emails to its own address: an alert's links tell which instance's scan wrote it.
    [a, b] = await Promise.all([
      startWebProcess({ ...env, SMTP_URL: sinks.a.url, PUBLIC_URL: INSTANCE_URL.a }),
      startWebProcess({ ...env, SMTP_URL: sinks.b.url, PUBLIC_URL: INSTANCE_URL.b }),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([sinks?.a.stop(), sinks?.b.stop()]);
    await services?.cleanup();
    if (attachmentsDir) await fs.rm(attachmentsDir, { recursive: true, force: true });
  });

  async function auditCount(objectIds: string[], action: string): Promise<Map<string, number>> {
    const rows = await services.domain.db
      .select({ objectId: auditLog.objectId })
      .from(auditLog)
      .where(and(inArray(auditLog.objectId, objectIds), eq(auditLog.action, action)));
    const counts = new Map(objectIds.map((id) => [id, 0]));
    for (const row of rows) counts.set(row.objectId!, (counts.get(row.objectId!) ?? 0) + 1);
    return counts;
  }

  const once = (ids: string[]) => new Map(ids.map((id) => [id, 1]));

  test("the deadline and survey scans of both instances handle every item exactly once", { timeout: 60_000 }, async () => {
    const db = services.domain.db;
    await expect.poll(() => auditCount(due.requests, "request.sla_changed"), { timeout: 30_000, interval: 500 }).toEqual(once(due.requests));
    await expect.poll(() => auditCount(due.complaints, "complaint.overdue_alerted"), { timeout: 30_000, interval: 500 }).toEqual(once(due.complaints));
    await expect.poll(() => auditCount(due.surveys, "survey.lapsed"), { timeout: 30_000, interval: 500 }).toEqual(once(due.surveys));
    // Whatever either instance would still do twice has had time to show.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const [id, count] of await auditCount(due.requests, "request.sla_changed")) expect([id, count]).toEqual([id, 1]);

    const requestRows = await db.select().from(serviceRequests).where(inArray(serviceRequests.id, due.requests));
    expect(requestRows.map((row) => row.slaState)).toEqual(due.requests.map(() => "overdue"));
    expect(await db.select().from(slaAlerts).where(inArray(slaAlerts.requestId, due.requests))).toHaveLength(EACH);
    const complaintRows = await db.select().from(complaints).where(inArray(complaints.id, due.complaints));
    expect(complaintRows.every((row) => row.overdueAlertedAt !== null)).toBe(true);
    const surveyRows = await db.select().from(surveyInvitations).where(inArray(surveyInvitations.id, due.surveys));
    expect(surveyRows.every((row) => row.lapsedAt !== null)).toBe(true);

    // Each item's alert went to every supervisor, written by one instance's scan.
    const alerts = await db.select().from(outbox).where(inArray(outbox.template, ["sla.alert", "complaint.supervisor_alert"]));
    const writers = new Map<string, Set<string>>();
    for (const number of [...requestRows, ...complaintRows].map((row) => row.number)) {
      const mine = alerts.filter((alert) => alert.subject.includes(number));
      expect([number, mine.length]).toEqual([number, SUPERVISORS]);
      writers.set(number, new Set(mine.map((alert) => (alert.textBody.includes(INSTANCE_URL.a) ? "a" : alert.textBody.includes(INSTANCE_URL.b) ? "b" : "?"))));
    }
    expect([...writers.values()].every((by) => by.size === 1 && !by.has("?"))).toBe(true);
  });

  test("the outbox workers of both instances send every email exactly once, sharing the work", { timeout: 60_000 }, async () => {
    const { domain: ctx } = services;
    const db = ctx.db;
    const queued: string[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < EMAILS; i++) {
        const { messageId } = await enqueueEmail(tx, {
          template: "request.completed",
          to: uniqueEmail("recipient"),
          locale: i % 2 === 0 ? "en" : "zh-CN",
          params: { number: `TL20261129${String(i).padStart(6, "0")}` },
          now: new Date(),
        });
        queued.push(messageId);
      }
    });
    await expect
      .poll(async () => (await db.select({ status: outbox.status }).from(outbox)).filter((row) => row.status !== "sent").length, { timeout: 45_000, interval: 500 })
      .toBe(0);
    // Whatever either instance would still send twice has had time to show.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const rows = await db.select().from(outbox);
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    const by = { a: sinks.a.received.map((mail) => mail.messageId ?? ""), b: sinks.b.received.map((mail) => mail.messageId ?? "") };
    const all = [...by.a, ...by.b].sort();
    expect(all).toEqual(rows.map((row) => row.messageId).sort());
    expect(new Set(all).size).toBe(all.length);
    // Both instances sent some of the batch queued while both were running.
    const share = { a: queued.filter((id) => by.a.includes(id)).length, b: queued.filter((id) => by.b.includes(id)).length };
    expect(share.a + share.b).toBe(EMAILS);
    expect(share.a).toBeGreaterThan(0);
    expect(share.b).toBeGreaterThan(0);
    expect([a.running(), b.running()]).toEqual([true, true]);
  });

  /** A form posted to the portal as a browser would (same origin, urlencoded). */
  function post(instance: WebProcess, pathname: string, fields: Record<string, string>, cookie = "") {
    return fetch(`${instance.url}${pathname}`, {
      method: "POST",
      headers: { cookie, origin: instance.url, "user-agent": TEST_USER_AGENT, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
  }

  function page(instance: WebProcess, pathname: string, cookie: string) {
    return fetch(`${instance.url}${pathname}`, { headers: { cookie, "user-agent": TEST_USER_AGENT }, redirect: "manual" });
  }

  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

  test("a session signed in on one instance is valid on the other; signed out there, it is refused on both and its sockets close", async () => {
    const { email } = await registerTestCustomer(services.domain);
    const signedIn = await post(a, "/login", { email, password: TEST_PASSWORD, redirectTo: "/portal" });
    expect(signedIn.status).toBe(302);
    const cookie = cookieOf(signedIn);
    expect(cookie).not.toBe("");
    expect((await page(b, "/portal", cookie)).status).toBe(200);
    expect((await page(a, "/portal", cookie)).status).toBe(200);

    // A chat tab held by the other instance.
    const socket = connect(`${b.url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie, "user-agent": TEST_USER_AGENT }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const closed = new Promise((resolve) => socket.once("disconnect", resolve));

    const signedOut = await post(a, "/logout", {}, cookie);
    expect(signedOut.status).toBe(302);
    await closed;
    for (const instance of [b, a]) {
      const refused = await page(instance, "/portal", cookie);
      expect(refused.status).toBe(302);
      expect(refused.headers.get("location")).toMatch(/^\/login/);
    }
  });

  test("wrong passwords tried alternately on both instances lock the account on both", async () => {
    const { email, user } = await registerTestCustomer(services.domain);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const refused = await post(attempt % 2 === 0 ? b : a, "/login", { email, password: `wrong password ${attempt}` });
      expect(refused.status).not.toBe(302);
    }
    for (const instance of [a, b]) expect((await post(instance, "/login", { email, password: TEST_PASSWORD })).status).not.toBe(302);
    const actions = await auditCount([user.id], "auth.locked");
    expect(actions).toEqual(once([user.id]));
  });

  test("the tracking page's limit counts lookups on both instances together", async () => {
    const number = `TL${crypto.randomInt(10 ** 13, 10 ** 14)}`;
    const statuses: number[] = [];
    for (let n = 1; n <= 7; n++) statuses.push((await post(n % 2 === 0 ? b : a, "/track", { number, mobile: "13800001234" })).status);
    // Five lookups of a number per ten minutes, wherever they land; the number is unknown.
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
  });

  test("an instance stopped while the bot is answering finishes and exits cleanly, Redis and all", { timeout: 60_000 }, async () => {
    const c = await startWebProcess({ ...env, SMTP_URL: sinks.a.url });
    try {
      const visitor = cookieOf(await fetch(`${c.url}/`, { headers: { "user-agent": TEST_USER_AGENT } }));
      const socket = connect(`${c.url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie: visitor, "user-agent": TEST_USER_AGENT }, reconnection: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const { conversationId } = (await socket.timeout(10_000).emitWithAck("chat:open", {})) as { conversationId: string };
      // Questions the bot answers one after another: most are still being answered at SIGTERM.
      const sent = Array.from({ length: 10 }, (_, i) =>
        socket.timeout(10_000).emitWithAck("chat:send", { conversationId, clientId: `stopping-${i}`, text: "What are your opening hours?" }).catch(() => null),
      );
      await sent[0];
      await c.stop();
      expect(c.output()).not.toContain("Error");
      expect(c.exitCode()).toBe(0);
      // Every question it stored — acknowledged, or stored as the sockets closed — has its answer
      // (the bot's reply ids are tied to the question's).
      const acknowledged = (await Promise.all(sent)).filter((ack) => (ack as { ok?: boolean } | null)?.ok).length;
      const messages = await services.domain.db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId));
      const questions = messages.filter((m) => m.clientId.startsWith("stopping-"));
      expect(questions.length).toBeGreaterThanOrEqual(Math.max(acknowledged, 1));
      for (const question of questions) expect(messages.some((m) => m.clientId.startsWith(`bot-${question.id}-`))).toBe(true);
    } finally {
      if (c.running()) await c.stop();
    }
  });
});
