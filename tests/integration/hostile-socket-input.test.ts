import crypto from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEnrolledStaff, registerTestCustomer } from "../support/accounts";
import { call, sessionCookie, startChatServer, visitorCookie } from "../support/chat-server";
import { databaseFingerprint } from "../support/database-fingerprint";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";
import { CONFUSED_PAYLOADS, CONFUSED_VALUES, sampleFor } from "../security/hostile-corpus";

type Ack = { ok: boolean; error?: string; [key: string]: unknown };

// The socket server closes a connection whose frame passes 16 KB (server/sockets.ts): per field,
// strings stay under it so every event is answered; the oversized frame has a test of its own.
const FRAME_ROOM = 12 * 1024;

/** Every event of both namespaces with a payload the server would accept, field by field. */
function chatEvents(conversationId: string): Record<string, Record<string, unknown>> {
  return {
    "chat:open": { afterSeq: 0 },
    "chat:resume": { conversationId, afterSeq: 0 },
    "chat:send": { conversationId, clientId: "hostile-client-id", text: "hello" },
    "chat:handoff": { conversationId },
    "chat:typing": { conversationId, typing: true },
    "chat:end": { conversationId },
    "chat:rate": { conversationId, rating: 5, comment: "fine" },
  };
}

function deskEvents(conversationId: string): Record<string, Record<string, unknown>> {
  return {
    "desk:presence": { status: "online" },
    "desk:queue": {},
    "desk:agents": {},
    "desk:claim": { conversationId },
    "desk:open": { conversationId, afterSeq: 0 },
    "desk:send": { conversationId, clientId: "hostile-agent-id", text: "hello" },
    "desk:typing": { conversationId, typing: true },
    // A colleague who does not exist: the transfer itself is always refused, its note is fuzzed.
    "desk:transfer": { conversationId, toAgentId: crypto.randomUUID(), note: "over to you" },
    "desk:close": { conversationId },
  };
}

/** The valid payload with one field swapped for each hostile value, then wrong-shaped payloads. */
function hostilePayloads(event: string, valid: Record<string, unknown>): { label: string; payload: unknown }[] {
  const payloads: { label: string; payload: unknown }[] = [];
  const fits = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null)) < FRAME_ROOM;
  for (const field of Object.keys(valid)) {
    const strings = sampleFor(`${event}.${field}`).filter((s) => fits(s.value));
    for (const { label, value } of [...CONFUSED_VALUES.filter((c) => fits(c.value)), ...strings]) {
      // A send with a fresh id each time: a repeated id would be answered as a duplicate.
      const fresh = "clientId" in valid && field !== "clientId" ? { clientId: `hostile-${crypto.randomUUID()}` } : {};
      payloads.push({ label: `${field} = ${label}`, payload: { ...valid, ...fresh, [field]: value } });
    }
  }
  for (const { label, value } of CONFUSED_PAYLOADS.filter((c) => fits(c.value))) payloads.push({ label: `payload ${label}`, payload: value });
  return payloads;
}

describe(`hostile socket payloads on /chat and /desk (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let customerSocket: Socket;
  let agentSocket: Socket;
  let conversationId: string;

  beforeAll(async () => {
    services = await openTestServices();
    chat = await startChatServer(services);
    const customer = await registerTestCustomer(services.domain, { name: "Hostile Input" });
    customerSocket = await chat.client(await sessionCookie(customer.token));
    const staff = await createEnrolledStaff(services.domain, ["agent"]);
    agentSocket = await chat.deskClient(await sessionCookie(staff.token));
    expect(await call<Ack>(agentSocket, "desk:presence", { status: "online" })).toMatchObject({ ok: true });
    // A chat an agent has taken: the bot stays silent, so nothing is written behind the test's back.
    ({ conversationId } = await call<{ conversationId: string }>(customerSocket, "chat:open", {}));
    expect(await call<Ack>(customerSocket, "chat:handoff", { conversationId })).toEqual({ ok: true, status: "waiting" });
    expect(await call<Ack>(agentSocket, "desk:claim", { conversationId })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await chat?.stop();
    await services?.cleanup();
  });

  /**
   * Sends every payload; each is answered without `server_error`, and a refused one leaves every
   * table as it was (an accepted one — a strange but valid message — is stored, and is the new
   * starting point).
   */
  async function fuzz(socket: Socket, event: string, valid: Record<string, unknown>) {
    let before = await databaseFingerprint(services.domain.db);
    for (const { label, payload } of hostilePayloads(event, valid)) {
      const ack = await call<Ack>(socket, event, payload).catch((error: Error) => ({ ok: false, error: `${error.message} (${label})` }));
      expect(ack.error, `${event} with ${label}`).not.toBe("server_error");
      expect(typeof ack.ok, `${event} with ${label} is answered`).toBe("boolean");
      const after = await databaseFingerprint(services.domain.db);
      if (!ack.ok) expect(after, `${event} with ${label} (refused: ${ack.error}) changed nothing`).toEqual(before);
      before = after;
    }
    expect(socket.connected, `the socket survived every ${event}`).toBe(true);
  }

  // Hundreds of payloads, each followed by a look at every table.
  const FUZZ_TIMEOUT = 240_000;

  test("every /chat event answers every hostile payload without a server error, and a refused one stores nothing", { timeout: FUZZ_TIMEOUT }, async () => {
    for (const [event, valid] of Object.entries(chatEvents(conversationId))) await fuzz(customerSocket, event, valid);
  });

  test("every /desk event answers every hostile payload without a server error, and a refused one stores nothing", { timeout: FUZZ_TIMEOUT }, async () => {
    for (const [event, valid] of Object.entries(deskEvents(conversationId))) await fuzz(agentSocket, event, valid);
  });

  test("a visitor's events and unknown events get answers too", async () => {
    const visitor = await chat.client(visitorCookie(services, crypto.randomUUID()));
    const before = await databaseFingerprint(services.domain.db);
    // A visitor has no chat yet: every event about someone else's conversation is refused.
    for (const [event, valid] of Object.entries(chatEvents(conversationId))) {
      if (event === "chat:open") continue;
      for (const { label, payload } of hostilePayloads(event, valid).slice(0, 12)) {
        const ack = await call<Ack>(visitor, event, payload);
        expect(ack.ok, `${event} with ${label} from a visitor`).toBe(false);
        expect(ack.error).not.toBe("server_error");
      }
    }
    // The customer side cannot reach the agents' events, and unknown events are ignored.
    expect(await call<Ack>(customerSocket, "chat:open", {})).toMatchObject({ ok: true });
    customerSocket.emit("desk:send", { conversationId, clientId: "x".repeat(10), text: "not an agent" });
    customerSocket.emit("__proto__", { polluted: true });
    customerSocket.emit("constructor", null);
    expect(await databaseFingerprint(services.domain.db)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("an oversized frame closes only its own connection; everyone else is still served", async () => {
    const customer = await registerTestCustomer(services.domain);
    const sender = await chat.client(await sessionCookie(customer.token));
    const { conversationId: own } = await call<{ conversationId: string }>(sender, "chat:open", {});
    const closed = new Promise<string>((resolve) => sender.once("disconnect", resolve));
    sender.emit("chat:send", { conversationId: own, clientId: "oversized-frame", text: "A".repeat(1024 * 1024) });
    expect(await closed).toBe("transport close");
    // The others on the server carry on, and the customer can come back.
    expect(await call<Ack>(agentSocket, "desk:queue", {})).toMatchObject({ ok: true });
    expect(await call<Ack>(customerSocket, "chat:resume", { conversationId, afterSeq: 0 })).toMatchObject({ ok: true });
    const again = await chat.client(await sessionCookie(customer.token));
    expect(await call<Ack>(again, "chat:send", { conversationId: own, clientId: `after-${crypto.randomUUID()}`, text: "still here" })).toMatchObject({ ok: true });
  });
});
