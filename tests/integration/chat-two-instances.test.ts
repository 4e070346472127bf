import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signOut } from "../../domain/accounts/sign-out";
import { currentSessionId } from "../../domain/sessions/sessions";
import { createEnrolledStaff, registerTestCustomer } from "../support/accounts";
import { call, sessionCookie } from "../support/chat-server";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

type Ack = { ok: boolean; error?: string; conversationId?: string; seq?: number; messages?: { seq: number; clientId: string }[] };
type Message = { conversationId: string; seq: number; clientId: string; text: string; sender: string; senderName: string | null };

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

// NOTE: one PGlite folder serves one process only, so several instances means PostgreSQL.
describe.skipIf(testDatabaseKind() === "pglite")("two instances behind one Redis (postgres; skipped on PGlite: one folder, one process)", () => {
  let services: TestServices;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    services = await openTestServices();
    // Its own channel prefix, so parallel runs on the same Redis never see each other's rooms.
    const env = { ...services.testDatabase.env, REDIS_URL, REDIS_ADAPTER_KEY: `tl-test-${crypto.randomBytes(5).toString("hex")}` };
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
});
