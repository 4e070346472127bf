import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { conversations, surveyAnswers } from "../../db/schema";
import { fileComplaint } from "../../domain/complaints/file-complaint";
import { updateChatSettings } from "../../domain/conversations/chat-agents";
import { UNATTENDED_AFTER_MS } from "../../domain/conversations/return-unattended-chats";
import { createEnrolledStaff, registerTestCustomer } from "../support/accounts";
import { call, sessionCookie, startChatServer, visitorCookie } from "../support/chat-server";
import { SECOND } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

type Message = { seq: number; text: string; sender: string; senderName: string | null; internal: boolean };
type Ack = { ok: boolean; error?: string; [key: string]: unknown };

/** Resolves with the next `event` on the socket that satisfies `match`. */
function next<T = Record<string, unknown>>(socket: Socket, event: string, match: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Everything `event` brings while the socket is open, to check what never arrived. */
function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

describe(`live chat between customers and agents (${testDatabaseKind()})`, () => {
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

  async function customer() {
    const { token, user } = await registerTestCustomer(services.domain, { name: "Emma Brown", mobile: "13912345678" });
    const socket = await chat.client(await sessionCookie(token));
    const { conversationId } = await call<{ conversationId: string }>(socket, "chat:open", {});
    // Written in English: the chat's own notices follow the customer's language.
    // The bot's answer is awaited, so it never lands in a chat a test has moved on.
    const answered = next(socket, "chat:message", (m: Message) => m.sender === "bot");
    await call(socket, "chat:send", { conversationId, clientId: `hello-${crypto.randomUUID()}`, text: "Hello there" });
    await answered;
    return { user, socket, conversationId };
  }

  async function agent(roles: ("agent" | "supervisor" | "manager")[] = ["agent"], presence: "online" | "away" | null = "online") {
    const staff = await createEnrolledStaff(services.domain, roles);
    const cookie = await sessionCookie(staff.token);
    const socket = await chat.deskClient(cookie);
    if (presence) expect(await call<Ack>(socket, "desk:presence", { status: presence })).toEqual({ ok: true, status: presence });
    return { user: staff.user, socket, cookie };
  }

  /** A customer whose chat waits in the queue (an agent must be online). */
  async function waitingChat() {
    const c = await customer();
    expect(await call<Ack>(c.socket, "chat:handoff", { conversationId: c.conversationId })).toEqual({ ok: true, status: "waiting" });
    return c;
  }

  test("with nobody online the chat stays with the bot; with an agent online it joins the queue and the agent takes it", async () => {
    const c = await customer();
    // An agent who is connected but away is not offered chats.
    const away = await agent(["agent"], "away");
    expect(await call<Ack>(c.socket, "chat:handoff", { conversationId: c.conversationId })).toEqual({ ok: true, status: "bot", noAgent: true });

    const a = await agent();
    const queued = next<{ status: string }>(c.socket, "chat:status");
    const queueNotice = next<Message>(c.socket, "chat:message", (m) => m.sender === "system");
    expect(await call<Ack>(c.socket, "chat:handoff", { conversationId: c.conversationId })).toEqual({ ok: true, status: "waiting" });
    expect(await queued).toMatchObject({ conversationId: c.conversationId, status: "waiting" });
    expect((await queueNotice).text).toContain("An agent will join shortly");

    const queue = await call<{ waiting: { conversationId: string; customer: { name: string; mobile: string } }[] }>(a.socket, "desk:queue", {});
    const entry = queue.waiting.find((w) => w.conversationId === c.conversationId);
    expect(entry?.customer).toEqual({ name: "Emma Brown", mobile: "139****5678" });

    const active = next<{ status: string; agentName: string }>(c.socket, "chat:status", (s) => s.status === "active");
    const joined = next<Message>(c.socket, "chat:message", (m) => m.sender === "system" && m.text.includes("has joined"));
    expect(await call<Ack>(a.socket, "desk:claim", { conversationId: c.conversationId })).toEqual({ ok: true, conversationId: c.conversationId });
    expect((await active).agentName).toBe("Test Staff");
    expect((await joined).text).toBe("Test Staff has joined the chat.");
    // The wait the quality dashboard reports: from asking for a person to the claim.
    const [waited] = await services.domain.db.select({ queuedAt: conversations.queuedAt, claimedAt: conversations.claimedAt }).from(conversations).where(eq(conversations.id, c.conversationId));
    expect(waited!.claimedAt!.getTime()).toBeGreaterThanOrEqual(waited!.queuedAt!.getTime());
    // The first claim won: the agent who was away (now online) cannot take it as well.
    await call(away.socket, "desk:presence", { status: "online" });
    expect(await call<Ack>(away.socket, "desk:claim", { conversationId: c.conversationId })).toEqual({ ok: false, error: "invalid_state" });

    // The agent's reply reaches the customer with the agent's name; the customer's reaches the agent.
    const reply = next<Message>(c.socket, "chat:message", (m) => m.sender === "agent");
    expect(await call<Ack>(a.socket, "desk:send", { conversationId: c.conversationId, clientId: "agent-reply-1", text: "How can I help?" })).toMatchObject({ ok: true, duplicate: false });
    expect(await reply).toMatchObject({ text: "How can I help?", senderName: "Test Staff" });
    const heard = next<Message>(a.socket, "desk:message", (m) => m.sender === "customer");
    await call(c.socket, "chat:send", { conversationId: c.conversationId, clientId: "customer-msg-1", text: "My card is blocked" });
    expect((await heard).text).toBe("My card is blocked");

    // Typing goes both ways, to the people of this chat only.
    const agentTyping = next(c.socket, "chat:typing");
    await call(a.socket, "desk:typing", { conversationId: c.conversationId, typing: true });
    expect(await agentTyping).toEqual({ conversationId: c.conversationId, typing: true });
    const customerTyping = next(a.socket, "desk:typing");
    await call(c.socket, "chat:typing", { conversationId: c.conversationId, typing: true });
    expect(await customerTyping).toEqual({ conversationId: c.conversationId, typing: true });
    const stranger = await customer();
    const strangerTyping = collect(a.socket, "desk:typing");
    expect(await call<Ack>(stranger.socket, "chat:typing", { conversationId: c.conversationId, typing: true })).toEqual({ ok: true });
    await call(a.socket, "desk:queue", {});
    expect(strangerTyping).toEqual([]);
  });

  test("presence goes stale without a desk; a reload keeps the agent online, the last desk closing makes them away", async () => {
    const a = await agent();
    const c = await customer();
    services.clock.advance(91 * SECOND);
    expect(await call<Ack>(c.socket, "chat:handoff", { conversationId: c.conversationId })).toMatchObject({ status: "bot", noAgent: true });
    await call(a.socket, "desk:presence", { status: "online" });
    const other = await agent();
    expect((await call<{ agents: { id: string; status: string }[] }>(other.socket, "desk:agents", {})).agents.find((x) => x.id === a.user.id)?.status).toBe("online");
    const statusOf = async (id: string) => (await call<{ agents: { id: string; status: string }[] }>(other.socket, "desk:agents", {})).agents.find((x) => x.id === id)?.status;
    // A reload: the next desk socket comes within the grace period, and the agent stays online.
    a.socket.disconnect();
    const reloaded = await chat.deskClient(a.cookie);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await statusOf(a.user.id)).toBe("online");
    // The last desk closes: away.
    reloaded.disconnect();
    await vi.waitFor(async () => expect(await statusOf(a.user.id)).toBe("away"), { timeout: 10_000, interval: 250 });
  });

  test("a queued chat that nobody online can take goes back to the bot, which offers to take a message", async () => {
    const a = await agent();
    const c = await waitingChat();
    await call(a.socket, "desk:presence", { status: "away" });
    // A short absence (a reload, a break) leaves the chat in the queue.
    await chat.returnUnattendedChats();
    expect((await call<{ status: string }>(c.socket, "chat:open", {})).status).toBe("waiting");

    services.clock.advance(UNATTENDED_AFTER_MS + SECOND);
    const back = next<{ status: string }>(c.socket, "chat:status", (s) => s.status === "bot");
    const sorry = next<Message>(c.socket, "chat:message", (m) => m.sender === "system" && m.text.includes("no agent is available"));
    const offer = next<Message>(c.socket, "chat:message", (m) => m.sender === "bot");
    await chat.returnUnattendedChats();
    await back;
    await sorry;
    expect((await offer).text).toContain("leave a message");
    // The bot has the chat again: it answers, and a second run changes nothing.
    await chat.returnUnattendedChats();
    expect((await call<{ status: string }>(c.socket, "chat:open", {})).status).toBe("bot");
  });

  test("an agent at the maximum of chats cannot take another", async () => {
    const a = await agent();
    await updateChatSettings(services.domain, { actorId: a.user.id, maxChatsPerAgent: 1 });
    try {
      const first = await waitingChat();
      const second = await waitingChat();
      expect(await call<Ack>(a.socket, "desk:claim", { conversationId: first.conversationId })).toMatchObject({ ok: true });
      expect(await call<Ack>(a.socket, "desk:claim", { conversationId: second.conversationId })).toEqual({ ok: false, error: "invalid_state" });
      const queue = await call<{ waiting: { conversationId: string }[]; mine: { conversationId: string }[]; maxChats: number }>(a.socket, "desk:queue", {});
      expect(queue.maxChats).toBe(1);
      expect(queue.mine.map((m) => m.conversationId)).toEqual([first.conversationId]);
      expect(queue.waiting.map((w) => w.conversationId)).toContain(second.conversationId);
    } finally {
      await updateChatSettings(services.domain, { actorId: a.user.id, maxChatsPerAgent: 3 });
    }
  });

  test("an agent may send at most 60 messages a minute", async () => {
    const a = await agent();
    const c = await waitingChat();
    await call(a.socket, "desk:claim", { conversationId: c.conversationId });
    for (let i = 0; i < 60; i++) {
      expect(await call<Ack>(a.socket, "desk:send", { conversationId: c.conversationId, clientId: `burst-${i}-${crypto.randomUUID()}`, text: `${i}` })).toMatchObject({ ok: true });
    }
    expect(await call<Ack>(a.socket, "desk:send", { conversationId: c.conversationId, clientId: `burst-over-${crypto.randomUUID()}`, text: "one too many" })).toEqual({ ok: false, error: "rate_limited" });
  });

  test("the agent sees the customer's open complaints beside the chat", async () => {
    const a = await agent();
    const c = await waitingChat();
    const complaint = await fileComplaint(services.domain, {
      customer: c.user,
      channel: "portal",
      details: { category: "fees", businessLine: "cards", whatHappened: "An annual fee I was told was waived", whenHappened: "last month", request: "A refund" },
    });
    await call(a.socket, "desk:claim", { conversationId: c.conversationId });
    const opened = await call<{ context: { complaints: unknown[] } }>(a.socket, "desk:open", { conversationId: c.conversationId, afterSeq: 0 });
    expect(opened.context.complaints).toEqual([{ number: complaint.number, category: "fees", dueAt: complaint.dueAt.toISOString() }]);
  });

  test("a transfer carries a note the customer never receives", async () => {
    const from = await agent();
    const to = await agent();
    const c = await waitingChat();
    await call(from.socket, "desk:claim", { conversationId: c.conversationId });
    const customerMessages = collect<Message>(c.socket, "chat:message");
    const assigned = next(to.socket, "desk:assigned");
    const status = next<{ agentName: string }>(c.socket, "chat:status");
    const note = "Card blocked after three wrong PINs; identity checked";
    expect(await call<Ack>(from.socket, "desk:transfer", { conversationId: c.conversationId, toAgentId: to.user.id, note })).toEqual({ ok: true });
    expect(await assigned).toEqual({ conversationId: c.conversationId });
    expect((await status).agentName).toBe("Test Staff");

    const opened = await call<{ messages: Message[]; context: { customer: { mobile: string } } }>(to.socket, "desk:open", { conversationId: c.conversationId, afterSeq: 0 });
    expect(opened.messages.find((m) => m.internal)).toMatchObject({ text: note, sender: "agent" });
    expect(opened.context.customer.mobile).toBe("139****5678");
    // The customer's transcript and live feed never carry the note.
    const resumed = await call<{ messages: Message[] }>(c.socket, "chat:resume", { conversationId: c.conversationId, afterSeq: 0 });
    expect(resumed.messages.some((m) => m.internal || m.text === note)).toBe(false);
    expect(customerMessages.some((m) => m.internal || m.text === note)).toBe(false);
    // The agent who handed it on no longer holds it.
    expect(await call<Ack>(from.socket, "desk:send", { conversationId: c.conversationId, clientId: "old-agent-msg-1", text: "still here?" })).toEqual({ ok: false, error: "not_found" });
    expect(await call<Ack>(from.socket, "desk:open", { conversationId: c.conversationId, afterSeq: 0 })).toEqual({ ok: false, error: "not_found" });
    // A transfer to someone away is refused.
    const away = await agent(["agent"], "away");
    expect(await call<Ack>(to.socket, "desk:transfer", { conversationId: c.conversationId, toAgentId: away.user.id, note: "over to you" })).toEqual({ ok: false, error: "invalid_state" });
  });

  test("a closed chat is rated once, by its owner only; an open one cannot be rated", async () => {
    const a = await agent();
    const c = await waitingChat();
    expect(await call<Ack>(c.socket, "chat:rate", { conversationId: c.conversationId, rating: 5 })).toEqual({ ok: false, error: "invalid_state" });
    await call(a.socket, "desk:claim", { conversationId: c.conversationId });
    const closed = next<{ status: string }>(c.socket, "chat:status", (s) => s.status === "closed");
    const askRating = next<Message>(c.socket, "chat:message", (m) => m.sender === "system" && m.text.includes("rate"));
    expect(await call<Ack>(a.socket, "desk:close", { conversationId: c.conversationId })).toEqual({ ok: true });
    await closed;
    await askRating;
    expect(await call<Ack>(a.socket, "desk:send", { conversationId: c.conversationId, clientId: "after-close-1", text: "hello?" })).toEqual({ ok: false, error: "not_found" });

    const stranger = await customer();
    expect(await call<Ack>(stranger.socket, "chat:rate", { conversationId: c.conversationId, rating: 1 })).toEqual({ ok: false, error: "not_found" });
    expect(await call<Ack>(stranger.socket, "chat:resume", { conversationId: c.conversationId, afterSeq: 0 })).toEqual({ ok: false, error: "not_found" });

    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 4, comment: "x".repeat(1001) }]) {
      expect(await call<Ack>(c.socket, "chat:rate", { conversationId: c.conversationId, ...bad })).toEqual({ ok: false, error: "invalid_payload" });
    }
    expect(await call<Ack>(c.socket, "chat:rate", { conversationId: c.conversationId, rating: 4, comment: "Quick and kind" })).toEqual({ ok: true });
    expect(await call<Ack>(c.socket, "chat:rate", { conversationId: c.conversationId, rating: 1 })).toEqual({ ok: false, error: "invalid_state" });
    const [answer] = await services.domain.db.select().from(surveyAnswers).where(eq(surveyAnswers.subjectId, c.conversationId));
    expect(answer).toMatchObject({ subjectType: "chat", rating: 4, customerId: c.user.id });
    expect(answer!.commentEnc).not.toContain("Quick");
    expect(services.domain.cipher.decrypt(answer!.commentEnc!)).toBe("Quick and kind");
  });

  test("a customer ends the chat with the bot and a visitor rates it", async () => {
    const visitor = await chat.client(visitorCookie(services, crypto.randomBytes(16).toString("hex")));
    const { conversationId } = await call<{ conversationId: string }>(visitor, "chat:open", {});
    const answered = next(visitor, "chat:message", (m: Message) => m.sender === "bot");
    await call(visitor, "chat:send", { conversationId, clientId: "visitor-zh-hello", text: "你好" });
    await answered;
    const goodbye = next<Message>(visitor, "chat:message", (m) => m.sender === "system");
    expect(await call<Ack>(visitor, "chat:end", { conversationId })).toEqual({ ok: true, status: "closed" });
    expect((await goodbye).text).toBe("本次对话已结束。欢迎您为本次服务评分。");
    expect(await call<Ack>(visitor, "chat:end", { conversationId })).toEqual({ ok: false, error: "invalid_state" });
    expect(await call<Ack>(visitor, "chat:handoff", { conversationId })).toEqual({ ok: false, error: "invalid_state" });
    expect(await call<Ack>(visitor, "chat:rate", { conversationId, rating: 3 })).toEqual({ ok: true });
    // The next chat:open starts a new conversation.
    expect((await call<{ conversationId: string }>(visitor, "chat:open", {})).conversationId).not.toBe(conversationId);
  });

  test("customers and staff without a chat role cannot use the desk", async () => {
    const c = await waitingChat().catch(async () => customer());
    const { token } = await registerTestCustomer(services.domain);
    const customerDesk = await chat.deskClient(await sessionCookie(token));
    const manager = await agent(["manager"], null);
    const visitorDesk = await chat.deskClient(visitorCookie(services, crypto.randomBytes(16).toString("hex")));
    for (const socket of [customerDesk, manager.socket, visitorDesk]) {
      expect(await call<Ack>(socket, "desk:presence", { status: "online" })).toEqual({ ok: false, error: "not_allowed" });
      expect(await call<Ack>(socket, "desk:queue", {})).toEqual({ ok: false, error: "not_allowed" });
      expect(await call<Ack>(socket, "desk:claim", { conversationId: c.conversationId })).toEqual({ ok: false, error: "not_allowed" });
      expect(await call<Ack>(socket, "desk:open", { conversationId: c.conversationId, afterSeq: 0 })).toEqual({ ok: false, error: "not_allowed" });
    }
    // Staff have no customer side either.
    const staffChat = await chat.client(await sessionCookie((await createEnrolledStaff(services.domain, ["agent"])).token));
    expect(await call<Ack>(staffChat, "chat:handoff", { conversationId: c.conversationId })).toEqual({ ok: false, error: "not_allowed" });
    // An agent cannot open a chat that is not theirs; a supervisor can read it.
    const other = await agent();
    expect(await call<Ack>(other.socket, "desk:open", { conversationId: c.conversationId, afterSeq: 0 })).toEqual({ ok: false, error: "not_found" });
    const supervisor = await agent(["supervisor"]);
    expect(await call<Ack>(supervisor.socket, "desk:open", { conversationId: c.conversationId, afterSeq: 0 })).toMatchObject({ ok: true });
  });

  test("bad desk payloads get an error answer, never a crash", async () => {
    const a = await agent();
    for (const [event, payload] of [
      ["desk:presence", { status: "busy" }],
      ["desk:claim", { conversationId: "nope" }],
      ["desk:send", { conversationId: crypto.randomUUID(), clientId: "x", text: "hi" }],
      ["desk:transfer", { conversationId: crypto.randomUUID(), toAgentId: crypto.randomUUID(), note: "" }],
      ["desk:typing", { conversationId: crypto.randomUUID(), typing: "yes" }],
    ] as const) {
      expect(await call<Ack>(a.socket, event, payload)).toEqual({ ok: false, error: "invalid_payload" });
    }
    expect(await call<Ack>(a.socket, "desk:claim", { conversationId: crypto.randomUUID() })).toEqual({ ok: false, error: "invalid_state" });
  });
});
