import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { chatMessages } from "../../db/schema";
import { answer } from "../../bot/answer";
import { signOut } from "../../domain/accounts/sign-out";
import { postMessage } from "../../domain/conversations/conversations";
import { currentSessionId } from "../../domain/sessions/sessions";
import { registerTestCustomer } from "../support/accounts";
import { call, sessionCookie, startChatServer, visitorCookie } from "../support/chat-server";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

type Ack = { ok: boolean; error?: string; conversationId?: string; seq?: number; duplicate?: boolean; messages?: { seq: number; text: string; sender: string }[] };

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
    // Numbered in order (the bot's replies take numbers in between).
    const seqs = acks.map((a) => a.seq!);
    expect(seqs[0]).toBe(1);
    expect(seqs[1]! > seqs[0]! && seqs[2]! > seqs[1]!).toBe(true);

    const retry = await call<Ack>(socket, "chat:send", { conversationId, clientId: ids[1], text: "你好 2" });
    expect(retry).toMatchObject({ ok: true, seq: seqs[1], duplicate: true });
    const stored = await services.domain.db
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.clientId, ids[1]!)));
    expect(stored).toHaveLength(1);
    // Encrypted at rest.
    expect(stored[0]!.bodyEnc).not.toContain("你好");

    // Every number is used once, with no gap: the retry took none.
    await call<Ack>(socket, "chat:send", { conversationId, clientId: "msg-aaaa-0004", text: "再见" });
    const all = await services.domain.db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId));
    const numbers = all.map((m) => m.seq).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  test("the same message sent several times at once is stored once, under one number, and no number is skipped", async () => {
    const { user, socket } = await customerSocket();
    const { conversationId } = await call<Ack>(socket, "chat:open", {});
    const participant = { kind: "customer" as const, userId: user.id };
    const send = (clientId: string, text: string) => postMessage(services.domain, { participant, conversationId: conversationId!, clientId, text });
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => send("same-message-1", "我的卡丢了")),
      ...Array.from({ length: 4 }, (_, i) => send(`other-message-${i}`, `第 ${i} 条`)),
    ]);
    const same = results.slice(0, 4);
    expect(new Set(same.map((r) => r.message.seq)).size).toBe(1);
    expect(same.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(same.every((r) => r.message.text === "我的卡丢了")).toBe(true);
    const all = await services.domain.db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId!));
    expect(all.filter((m) => m.clientId === "same-message-1")).toHaveLength(1);
    const numbers = all.map((m) => m.seq).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
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
    const resumed = await call<Required<Ack>>(back, "chat:resume", { conversationId, afterSeq: 1 });
    const seqs = resumed.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.every((seq) => seq > 1)).toBe(true);
    expect(resumed.messages.filter((m) => m.sender === "customer").map((m) => m.text)).toEqual(["two", "three", "four"]);
    // And a page reload finds the same open conversation with everything in it.
    const reopened = await call<Required<Ack>>(back, "chat:open", { afterSeq: 0 });
    expect(reopened.conversationId).toBe(conversationId);
    expect(reopened.messages.filter((m) => m.sender === "customer")).toHaveLength(4);
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
    expect(messages.filter((m) => m.sender === "customer")).toHaveLength(1);
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

  test("while no agent has taken over, the bot answers once, in the language asked", async () => {
    const visitor = await chat.client(visitorCookie(services, crypto.randomBytes(16).toString("hex")));
    const { conversationId } = await call<Ack>(visitor, "chat:open", {});
    const botReplies: { sender: string; text: string; seq: number }[] = [];
    const waiting: (() => void)[] = [];
    visitor.on("chat:message", (m: { sender: string; text: string; seq: number }) => {
      if (m.sender === "bot") botReplies.push(m);
      for (const wake of waiting.splice(0)) wake();
    });
    // Resolves once `count` bot replies have arrived, checked on each delivery.
    const replied = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (botReplies.length >= count ? resolve() : void waiting.push(check));
        check();
      });

    await call(visitor, "chat:send", { conversationId, clientId: "visitor-zh-0001", text: "怎么开户" });
    await replied(1);
    expect(botReplies[0]).toMatchObject({ seq: 2, text: answer("怎么开户", services.domain.knowledge.current()).reply });
    expect(botReplies[0]!.text).toMatch(/[\u4e00-\u9fff]/);

    // A retry of the question is not answered twice.
    await call(visitor, "chat:send", { conversationId, clientId: "visitor-zh-0001", text: "怎么开户" });
    await call(visitor, "chat:send", { conversationId, clientId: "visitor-en-0002", text: "How do I open an account?" });
    await replied(2);
    expect(botReplies[1]).toMatchObject({ seq: 4, text: answer("How do I open an account?", services.domain.knowledge.current()).reply });
    expect(botReplies[1]!.text).not.toMatch(/[\u4e00-\u9fff]/);
    const resumed = await call<Ack>(visitor, "chat:resume", { conversationId, afterSeq: 0 });
    expect(resumed.messages!.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
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

  test("a question whose answer was lost with a stopped process is answered later, once", async () => {
    const visitorId = crypto.randomBytes(16).toString("hex");
    const socket = await chat.client(visitorCookie(services, visitorId));
    const { conversationId } = await call<Ack>(socket, "chat:open", {});
    // Stored and acknowledged, then the process stopped before the bot's turn.
    await postMessage(services.domain, { participant: { kind: "visitor", visitorId }, conversationId: conversationId!, clientId: "lost-answer-1", text: "怎么开户" });
    const answers: { sender: string; text: string }[] = [];
    socket.on("chat:message", (m: { sender: string; text: string }) => answers.push(m));

    await chat.answerUnansweredQuestions();
    expect(answers).toEqual([]);
    services.clock.advance(31 * 1000);
    await chat.answerUnansweredQuestions();
    await vi.waitFor(() => expect(answers.map((m) => m.sender)).toEqual(["bot"]));
    expect(answers[0]!.text).toContain("身份证");
    await chat.answerUnansweredQuestions();
    const stored = await services.domain.db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId!));
    expect(stored.map((m) => m.sender)).toEqual(["visitor", "bot"]);
  });

  test("a handshake from another site is refused", async () => {
    const { cookie } = await customerSocket();
    await expect(chat.client(cookie, { origin: "http://attacker.example" })).rejects.toThrow();
  });
});
