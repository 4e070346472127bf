import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, complaints, outbox } from "../../db/schema";
import { signOut } from "../../domain/accounts/sign-out";
import { postMessage } from "../../domain/conversations/conversations";
import { currentSessionId } from "../../domain/sessions/sessions";
import { createEnrolledStaff, registerTestCustomer } from "../support/accounts";
import { call, sessionCookie } from "../support/chat-server";
import { seedDueWork } from "../support/due-work";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

type Ack = { ok: boolean; error?: string; conversationId?: string; seq?: number; messages?: { seq: number; clientId: string }[] };
type Message = { conversationId: string; seq: number; clientId: string; text: string; sender: string; senderName: string | null };

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
// Low, so a test reaches it quickly; the other tests send far fewer messages a person.
const MESSAGES_PER_MINUTE = 10;

// NOTE: one PGlite folder serves one process only, so several instances means PostgreSQL.
describe.skipIf(testDatabaseKind() === "pglite")("two instances behind one Redis (postgres; skipped on PGlite: one folder, one process)", () => {
  let services: TestServices;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    services = await openTestServices();
    // Its own channel prefix, so parallel runs on the same Redis never see each other's rooms.
    const env = { ...services.testDatabase.env, REDIS_URL, REDIS_ADAPTER_KEY: `tl-test-${crypto.randomBytes(5).toString("hex")}`,
      CHAT_MESSAGES_PER_MINUTE: String(MESSAGES_PER_MINUTE),
    };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await services?.cleanup();
  });

  async function client(instance: ServerProcess, cookie: string, namespace: "/chat" | "/desk" = "/chat"): Promise<Socket> {
    // A connection of its own: sockets sharing one would share its cookie.
    const socket = connect(`${instance.url}${namespace}`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return socket;
  }

  async function signedInCustomer() {
    const { token, user } = await registerTestCustomer(services.domain);
    return { token, user, cookie: await sessionCookie(token) };
  }

  test("a message sent through one instance reaches the customer's tab on the other", async () => {
    const { cookie } = await signedInCustomer();
    const onA = await client(a, cookie);
    const { conversationId } = await call<Ack>(onA, "chat:open", {});
    const onB = await client(b, cookie);
    expect(await call<Ack>(onB, "chat:resume", { conversationId, afterSeq: 0 })).toMatchObject({ ok: true, messages: [] });

    const arrived = new Promise<Message>((resolve) => onB.on("chat:message", (m: Message) => m.sender === "customer" && resolve(m)));
    const ack = await call<Ack>(onA, "chat:send", { conversationId, clientId: "two-instances-1", text: "How do I report a lost card?" });
    expect(await arrived).toMatchObject({ conversationId, seq: ack.seq, clientId: "two-instances-1", text: "How do I report a lost card?" });
  });

  test("signing out on one instance closes the session's sockets on the other", async () => {
    const { token, user, cookie } = await signedInCustomer();
    const onA = await client(a, cookie);
    const onB = await client(b, cookie);
    const closed = Promise.all([onA, onB].map((socket) => new Promise((resolve) => socket.once("disconnect", resolve))));
    await signOut(services.domain, { userId: user.id, token });
    await a.disconnectSessions([currentSessionId(token)]);
    await closed;
    expect([onA.connected, onB.connected]).toEqual([false, false]);
    // The cookie no longer opens anything on either instance.
    const again = await client(b, cookie);
    expect(await call<Ack>(again, "chat:open", {})).toEqual({ ok: false, error: "not_allowed" });
  });

  test("the five-sockets limit counts a person's sockets on both instances", async () => {
    const { cookie } = await signedInCustomer();
    for (const instance of [a, a, a, b, b]) await client(instance, cookie);
    await expect(client(a, cookie)).rejects.toThrow("too_many_connections");
    await expect(client(b, cookie)).rejects.toThrow("too_many_connections");
  });

  test("an agent on one instance answers a customer connected to the other", async () => {
    const { cookie } = await signedInCustomer();
    const customer = await client(a, cookie);
    const { conversationId } = await call<Ack>(customer, "chat:open", {});
    const staff = await createEnrolledStaff(services.domain, ["agent"]);
    const agent = await client(b, await sessionCookie(staff.token), "/desk");
    expect(await call<Ack>(agent, "desk:presence", { status: "online" })).toMatchObject({ ok: true });

    expect(await call<Ack>(customer, "chat:handoff", { conversationId })).toMatchObject({ ok: true, status: "waiting" });
    expect(await call<Ack>(agent, "desk:claim", { conversationId })).toMatchObject({ ok: true });
    expect(await call<Ack>(agent, "desk:open", { conversationId, afterSeq: 0 })).toMatchObject({ ok: true });
    const reply = new Promise<Message>((resolve) => customer.on("chat:message", (m: Message) => m.sender === "agent" && resolve(m)));
    const ack = await call<Ack>(agent, "desk:send", { conversationId, clientId: "agent-reply-1", text: "Your card is blocked now." });
    expect(await reply).toMatchObject({ conversationId, seq: ack.seq, text: "Your card is blocked now.", senderName: "Test Staff" });
  });

  /** Sends one message and resolves with the bot's first reply to it. */
  async function say(socket: Socket, conversationId: string, text: string): Promise<Message> {
    const replies: Message[] = [];
    const listener = (m: Message) => m.conversationId === conversationId && m.sender === "bot" && replies.push(m);
    socket.on("chat:message", listener);
    try {
      const ack = await call<Ack>(socket, "chat:send", { conversationId, clientId: crypto.randomUUID(), text });
      expect(ack).toMatchObject({ ok: true });
      await expect.poll(() => replies.filter((m) => m.seq > ack.seq!).length, { timeout: 10_000 }).toBeGreaterThan(0);
      return replies.find((m) => m.seq > ack.seq!)!;
    } finally {
      socket.off("chat:message", listener);
    }
  }

  test("a customer on one instance and an agent on the other chat both ways, and see each other typing", async () => {
    const { cookie } = await signedInCustomer();
    const customer = await client(a, cookie);
    const { conversationId } = await call<Ack>(customer, "chat:open", {});
    const staff = await createEnrolledStaff(services.domain, ["agent"]);
    const agent = await client(b, await sessionCookie(staff.token), "/desk");
    await call<Ack>(agent, "desk:presence", { status: "online" });
    await call<Ack>(customer, "chat:handoff", { conversationId });
    await call<Ack>(agent, "desk:claim", { conversationId });
    await call<Ack>(agent, "desk:open", { conversationId, afterSeq: 0 });

    const next = <T>(socket: Socket, event: string, match: (payload: T) => boolean) =>
      new Promise<T>((resolve) => {
        const listener = (payload: T) => {
          if (!match(payload)) return;
          socket.off(event, listener);
          resolve(payload);
        };
        socket.on(event, listener);
      });

    for (let turn = 1; turn <= 3; turn++) {
      const customerTyping = next<{ conversationId: string; typing: boolean }>(agent, "desk:typing", (t) => t.conversationId === conversationId);
      await call<Ack>(customer, "chat:typing", { conversationId, typing: true });
      expect(await customerTyping).toEqual({ conversationId, typing: true });
      const toAgent = next<Message>(agent, "desk:message", (m) => m.sender === "customer" && m.clientId === `customer-${turn}`);
      const sent = await call<Ack>(customer, "chat:send", { conversationId, clientId: `customer-${turn}`, text: `Question ${turn} about my card` });
      expect(await toAgent).toMatchObject({ conversationId, seq: sent.seq, text: `Question ${turn} about my card` });

      const agentTyping = next<{ conversationId: string; typing: boolean }>(customer, "chat:typing", (t) => t.conversationId === conversationId);
      await call<Ack>(agent, "desk:typing", { conversationId, typing: true });
      expect(await agentTyping).toEqual({ conversationId, typing: true });
      const toCustomer = next<Message>(customer, "chat:message", (m) => m.sender === "agent" && m.clientId === `agent-reply-${turn}`);
      const answered = await call<Ack>(agent, "desk:send", { conversationId, clientId: `agent-reply-${turn}`, text: `Answer ${turn}` });
      expect(await toCustomer).toMatchObject({ conversationId, seq: answered.seq, text: `Answer ${turn}`, senderName: "Test Staff" });
    }
    // Each side's copy of the conversation is the same, in the same order.
    const { messages: seen } = await call<{ messages: Message[] }>(customer, "chat:resume", { conversationId, afterSeq: 0 });
    const texts = seen.filter((m) => m.sender !== "system").map((m) => `${m.sender}: ${m.text}`);
    expect(texts).toEqual([1, 2, 3].flatMap((turn) => [`customer: Question ${turn} about my card`, `agent: Answer ${turn}`]));
  });

  test("a complaint begun with the bot on one instance continues on the other and is filed once, with the chat attached", async () => {
    const { cookie, user } = await signedInCustomer();
    const onA = await client(a, cookie);
    const { conversationId } = await call<Ack>(onA, "chat:open", {});
    expect((await say(onA, conversationId!, "我要投诉你们的服务")).text).toContain("投诉类别");
    expect((await say(onA, conversationId!, "服务态度")).text).toContain("涉及哪类业务");
    // The customer's connection moves to the other instance (a reload behind the load balancer).
    onA.disconnect();
    const onB = await client(b, cookie);
    expect(await call<Ack>(onB, "chat:open", {})).toMatchObject({ ok: true, conversationId });
    expect((await say(onB, conversationId!, "银行卡")).text).toContain("发生了什么");
    expect((await say(onB, conversationId!, "柜台员工态度很差，不耐烦")).text).toContain("什么时候");
    expect((await say(onB, conversationId!, "昨天下午")).text).toContain("怎样处理");
    const confirm = await say(onB, conversationId!, "希望道歉");
    expect(confirm.text).toContain("类别：服务态度");
    expect(confirm.text).toContain("业务：银行卡");
    const recorded = await say(onB, conversationId!, "确认提交");
    const number = /TL\d{14}/.exec(recorded.text)?.[0];
    expect(number).toBeDefined();

    const filed = await services.domain.db.select().from(complaints).where(eq(complaints.customerId, user.id));
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ number, channel: "chat", conversationId, category: "service_attitude", businessLine: "cards", status: "acknowledged" });
    expect(JSON.parse(services.domain.cipher.decrypt(filed[0]!.detailsEnc))).toMatchObject({
      whatHappened: "柜台员工态度很差，不耐烦",
      whenHappened: "昨天下午",
      request: "希望道歉",
    });
  });

  test("the chat's message limit counts a person's messages through both instances together", async () => {
    const { cookie } = await signedInCustomer();
    const onA = await client(a, cookie);
    const { conversationId } = await call<Ack>(onA, "chat:open", {});
    const onB = await client(b, cookie);
    await call<Ack>(onB, "chat:resume", { conversationId, afterSeq: 0 });
    const answers: (string | undefined)[] = [];
    for (let n = 1; n <= MESSAGES_PER_MINUTE + 2; n++) {
      const ack = await call<Ack>(n % 2 === 0 ? onB : onA, "chat:send", { conversationId, clientId: `message-limit-${n}`, text: `Hello ${n}` });
      answers.push(ack.ok ? "ok" : ack.error);
    }
    expect(answers).toEqual([...Array<string>(MESSAGES_PER_MINUTE).fill("ok"), "rate_limited", "rate_limited"]);
  });

  test("the deadline and survey scans, run at the same moment on both instances, handle every item once", { timeout: 60_000 }, async () => {
    const ctx = services.domain;
    const EACH = 12;
    const SUPERVISORS = 2;
    // Weeks ago: reviews and complaints are overdue now, surveys expired.
    const due = await seedDueWork(services, { each: EACH, supervisors: SUPERVISORS });

    // The jobs as every instance runs them (server/jobs.ts), started on both at once.
    const names = ["review deadlines", "complaint deadlines", "expired surveys"];
    type Ran = { "review deadlines": { changed: number; alerted: number }; "complaint deadlines": { alerted: number }; "expired surveys": { lapsed: number } };
    const [onA, onB] = (await Promise.all([a.runJobs(names), b.runJobs(names)])) as Ran[];
    const sum = (pick: (ran: Ran) => number) => pick(onA!) + pick(onB!);
    expect(sum((r) => r["review deadlines"].changed)).toBe(EACH);
    expect(sum((r) => r["review deadlines"].alerted)).toBe(EACH);
    expect(sum((r) => r["complaint deadlines"].alerted)).toBe(EACH);
    expect(sum((r) => r["expired surveys"].lapsed)).toBe(EACH);
    // Nothing is left for a later run.
    expect(await a.runJobs(names)).toEqual({ "review deadlines": { changed: 0, alerted: 0 }, "complaint deadlines": { alerted: 0 }, "expired surveys": { lapsed: 0 } });

    const alerts = await ctx.db.select().from(outbox).where(inArray(outbox.template, ["sla.alert", "complaint.supervisor_alert"]));
    const numbers = [...due.requests, ...due.complaints].map((c) => c.number);
    for (const number of numbers) expect([number, alerts.filter((m) => m.subject.includes(number)).length]).toEqual([number, SUPERVISORS]);
    const lapsed = await ctx.db
      .select({ objectId: auditLog.objectId })
      .from(auditLog)
      .where(and(inArray(auditLog.objectId, due.surveys), eq(auditLog.action, "survey.lapsed")));
    expect(lapsed.map((row) => row.objectId).sort()).toEqual([...due.surveys].sort());
  });

  test("a question whose answer was lost is answered by one instance only, however many look for it at once", { timeout: 60_000 }, async () => {
    const { cookie, user } = await signedInCustomer();
    const onA = await client(a, cookie);
    const { conversationId } = await call<Ack>(onA, "chat:open", {});
    for (const text of ["我要投诉你们的服务", "服务态度", "银行卡", "柜台员工态度很差", "昨天下午", "希望道歉"]) await say(onA, conversationId!, text);
    // The confirmation was stored, and the process that should have answered it stopped: it has
    // waited longer than the unanswered-question job's threshold.
    services.clock.set(new Date(Date.now() - 45_000));
    await postMessage(services.domain, { participant: { kind: "customer", userId: user.id }, conversationId: conversationId!, clientId: crypto.randomUUID(), text: "确认提交" });
    services.clock.set(new Date());

    await Promise.all([a.runJobs(["unanswered chat questions"]), b.runJobs(["unanswered chat questions"])]);
    const filed = await services.domain.db.select().from(complaints).where(eq(complaints.customerId, user.id));
    expect(filed).toHaveLength(1);
    const { messages } = await call<{ messages: Message[] }>(onA, "chat:resume", { conversationId, afterSeq: 0 });
    expect(messages.filter((m) => m.sender === "bot" && /TL\d{14}/.test(m.text))).toHaveLength(1);
  });

  test("a complaint confirmed at the same instant in two tabs held by two instances is filed once", { timeout: 60_000 }, async () => {
    const { cookie, user } = await signedInCustomer();
    const onA = await client(a, cookie);
    const { conversationId } = await call<Ack>(onA, "chat:open", {});
    for (const text of ["我要投诉你们的服务", "服务态度", "银行卡", "柜台员工态度很差", "昨天下午", "希望道歉"]) await say(onA, conversationId!, text);
    const onB = await client(b, cookie);
    await call<Ack>(onB, "chat:resume", { conversationId, afterSeq: 0 });
    // Both tabs show the confirmation; the customer taps it in each.
    await Promise.all([say(onA, conversationId!, "确认提交"), say(onB, conversationId!, "确认提交")]);
    // Both questions answered (the second no longer within the dialog), one complaint recorded.
    await expect
      .poll(async () => (await call<{ messages: Message[] }>(onA, "chat:resume", { conversationId, afterSeq: 0 })).messages.slice(-4).map((m) => m.sender).sort())
      .toEqual(["bot", "bot", "customer", "customer"]);
    const { messages } = await call<{ messages: Message[] }>(onA, "chat:resume", { conversationId, afterSeq: 0 });
    expect(messages.filter((m) => m.sender === "bot" && /TL\d{14}/.test(m.text))).toHaveLength(1);
    const filed = await services.domain.db.select().from(complaints).where(eq(complaints.customerId, user.id));
    expect(filed).toHaveLength(1);
  });
});
