import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chatMessages } from "../../db/schema";
import { signOut } from "../../domain/accounts/sign-out";
import { currentSessionId } from "../../domain/sessions/sessions";
import { registerTestCustomer } from "../support/accounts";
import { call, sessionCookie, startChatServer, visitorCookie } from "../support/chat-server";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

type Ack = { ok: boolean; error?: string; conversationId?: string; seq?: number; duplicate?: boolean; messages?: { seq: number; text: string }[] };

describe(`chat delivery over socket.io (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  beforeAll(async () => {
    services = await openTestServices();
    chat = await startChatServer(services);
  });
  afterAll(async () => {
    await chat?.stop();
    await services?.cleanup();
  });

  async function customerSocket() {
    const { token, user } = await registerTestCustomer(services.domain);
    const cookie = await sessionCookie(token);
    return { cookie, user, socket: await chat.client(cookie) };
  }

  test("a message is numbered, stored before its ack, and a retry is not stored twice", async () => {
    const { socket } = await customerSocket();
    const opened = await call<Ack>(socket, "chat:open", {});
    expect(opened).toMatchObject({ ok: true, messages: [] });
    const conversationId = opened.conversationId!;
    const ids = ["msg-aaaa-0001", "msg-aaaa-0002", "msg-aaaa-0003"];
    const acks = [];
    for (const [i, clientId] of ids.entries()) acks.push(await call<Ack>(socket, "chat:send", { conversationId, clientId, text: `你好 ${i + 1}` }));
    expect(acks.map((a) => a.seq)).toEqual([1, 2, 3]);

    const retry = await call<Ack>(socket, "chat:send", { conversationId, clientId: ids[1], text: "你好 2" });
    expect(retry).toMatchObject({ ok: true, seq: 2, duplicate: true });
    const stored = await services.domain.db
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.clientId, ids[1]!)));
    expect(stored).toHaveLength(1);
    // Encrypted at rest.
    expect(stored[0]!.bodyEnc).not.toContain("你好");

    // The next new message takes the next number: the retry used none.
    expect((await call<Ack>(socket, "chat:send", { conversationId, clientId: "msg-aaaa-0004", text: "再见" })).seq).toBe(4);
  });

  test("a client that reconnects gets what it missed, in order", async () => {
    const { cookie, socket } = await customerSocket();
    const { conversationId } = await call<Ack>(socket, "chat:open", {});
    await call(socket, "chat:send", { conversationId, clientId: "first-message-1", text: "one" });
    socket.disconnect();

    // Another tab goes on talking meanwhile.
    const otherTab = await chat.client(cookie);
    await call(otherTab, "chat:resume", { conversationId, afterSeq: 0 });
    for (const text of ["two", "three", "four"]) {
      await call(otherTab, "chat:send", { conversationId, clientId: `tab-${crypto.randomUUID()}`, text });
    }
    const back = await chat.client(cookie);
    const resumed = await call<Ack>(back, "chat:resume", { conversationId, afterSeq: 1 });
    expect(resumed.messages!.map((m) => [m.seq, m.text])).toEqual([
      [2, "two"],
      [3, "three"],
      [4, "four"],
    ]);
    // And a page reload finds the same open conversation with everything in it.
    const reopened = await call<Ack>(back, "chat:open", { afterSeq: 0 });
    expect(reopened.conversationId).toBe(conversationId);
    expect(reopened.messages).toHaveLength(4);
  });

  test("one customer can neither read nor write another's conversation by id", async () => {
    const owner = await customerSocket();
    const conversationId = (await call<Ack>(owner.socket, "chat:open", {})).conversationId!;
    await call(owner.socket, "chat:send", { conversationId, clientId: "owner-secret-1", text: "my card number" });
    const stranger = await customerSocket();
    expect(await call<Ack>(stranger.socket, "chat:resume", { conversationId, afterSeq: 0 })).toEqual({ ok: false, error: "not_found" });
    expect(await call<Ack>(stranger.socket, "chat:send", { conversationId, clientId: "stranger-write-1", text: "hi" })).toEqual({
      ok: false,
      error: "not_found",
    });
    const messages = await services.domain.db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId));
    expect(messages).toHaveLength(1);
  });

  test("visitors chat with a server-signed id; a forged one is refused", async () => {
    const visitor = await chat.client(visitorCookie(services, crypto.randomBytes(16).toString("hex")));
    expect(await call<Ack>(visitor, "chat:open", {})).toMatchObject({ ok: true });
    const forged = await chat.client(`tl_visitor=${"a".repeat(32)}.${"b".repeat(43)}`);
    expect(await call<Ack>(forged, "chat:open", {})).toEqual({ ok: false, error: "not_allowed" });
  });

  test("bad payloads get an error answer, never a crash", async () => {
    const { socket } = await customerSocket();
    const { conversationId } = await call<Ack>(socket, "chat:open", {});
    for (const payload of [null, "text", { conversationId: "not-a-uuid", clientId: "x".repeat(10), text: "hi" }, { conversationId, clientId: "ok-client-1", text: "x".repeat(2001) }, { conversationId, clientId: "bad id!", text: "hi" }, { conversationId, clientId: "ok-client-2", text: "   " }]) {
      expect(await call<Ack>(socket, "chat:send", payload)).toEqual({ ok: false, error: "invalid_payload" });
    }
    expect((await call<Ack>(socket, "chat:send", { conversationId, clientId: "ok-client-3", text: "still here" })).ok).toBe(true);
  });

  test("signing out closes that session's sockets, and a person may hold only a few", async () => {
    const { domain: ctx } = services;
    const { token, user } = await registerTestCustomer(ctx);
    const cookie = await sessionCookie(token);
    const sockets: Socket[] = [];
    for (let i = 0; i < 5; i++) sockets.push(await chat.client(cookie));
    await expect(chat.client(cookie)).rejects.toThrow("too_many_connections");

    const closed = Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once("disconnect", resolve))));
    await signOut(ctx, { userId: user.id, token });
    chat.disconnectSessions([currentSessionId(token)]);
    await closed;
    expect(sockets.some((s) => s.connected)).toBe(false);
  });

  test("a handshake from another site is refused", async () => {
    const { cookie } = await customerSocket();
    await expect(chat.client(cookie, { origin: "http://attacker.example" })).rejects.toThrow();
  });
});
