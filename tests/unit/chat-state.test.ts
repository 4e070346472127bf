import { describe, expect, it } from "vitest";
import { MAX_CHAT_MESSAGE_CHARS, MAX_RATING_COMMENT_CHARS, initialChatState, isPortalPath, lastSeq, outbox, reduceChat, restoreChat, storedChat, unreadAfter, type ChatEvent, type ChatMessage, type ChatState } from "../../app/utils/chat-state";
import { MAX_MESSAGE_CHARS } from "../../domain/conversations/chat-schemas";
import { MAX_RATING_COMMENT_CHARS as SERVER_MAX_COMMENT } from "../../domain/conversations/rate-conversation";

const CONVERSATION = "0b7c6d1e-4a55-4c1e-9a43-2f5c3c0d9e11";

function message(seq: number, clientId: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return { id: `id-${seq}`, conversationId: CONVERSATION, seq, clientId, sender: "bot", senderName: null, text: `message ${seq}`, actions: [], at: "2026-05-04T02:00:00.000Z", ...overrides };
}

const run = (events: ChatEvent[], from: ChatState = initialChatState) => events.reduce(reduceChat, from);
const opened: ChatEvent = { type: "opened", conversationId: CONVERSATION, status: "bot", messages: [] };
const texts = (state: ChatState) => state.lines.map((l) => l.text);

describe("the chat transcript in the browser", () => {
  it("shows a message as sending at once, and as sent with its number once acknowledged", () => {
    const queued = run([opened, { type: "queued", clientId: "c-00000001", text: "怎么开户", at: "2026-05-04T02:00:00.000Z" }]);
    expect(queued.lines).toMatchObject([{ text: "怎么开户", delivery: "sending", seq: null }]);
    expect(outbox(queued).map((l) => l.clientId)).toEqual(["c-00000001"]);

    const acked = reduceChat(queued, { type: "acked", clientId: "c-00000001", seq: 1 });
    expect(acked.lines).toMatchObject([{ text: "怎么开户", delivery: "sent", seq: 1 }]);
    expect(outbox(acked)).toEqual([]);
  });

  it("keeps a message once when the delivery, the acknowledgement and a resume all bring it", () => {
    const state = run([
      opened,
      { type: "queued", clientId: "c-00000001", text: "hello", at: "2026-05-04T02:00:00.000Z" },
      { type: "received", messages: [message(1, "c-00000001", { sender: "visitor", text: "hello" })] },
      { type: "acked", clientId: "c-00000001", seq: 1 },
      { type: "received", messages: [message(1, "c-00000001", { sender: "visitor", text: "hello" }), message(2, "bot-1")] },
    ]);
    expect(texts(state)).toEqual(["hello", "message 2"]);
    expect(state.lines.every((l) => l.delivery === "sent")).toBe(true);
  });

  it("orders stored messages by number and keeps unsent ones last, in the order written", () => {
    const state = run([
      { ...opened, messages: [message(3, "bot-c"), message(1, "bot-a")] },
      { type: "queued", clientId: "c-00000009", text: "still sending", at: "2026-05-04T02:00:00.000Z" },
      { type: "received", messages: [message(2, "bot-b")] },
    ]);
    expect(texts(state)).toEqual(["message 1", "message 2", "message 3", "still sending"]);
    expect(lastSeq(state)).toBe(3);
  });

  it("counts as new only the answers after the last one seen, not the customer's own", () => {
    const state = run([opened, { type: "received", messages: [message(1, "c-00000001", { sender: "customer" }), message(2, "bot-a"), message(3, "agent-b", { sender: "agent" })] }]);
    expect(unreadAfter(state, 1)).toBe(2);
    expect(unreadAfter(state, 3)).toBe(0);
  });

  it("ignores messages of another conversation", () => {
    const state = run([opened, { type: "received", messages: [message(1, "bot-x", { conversationId: "another" })] }]);
    expect(state.lines).toEqual([]);
  });

  it("keeps what was written before the first open, and starts afresh on another conversation", () => {
    const early = run([{ type: "queued", clientId: "c-00000001", text: "early", at: "2026-05-04T02:00:00.000Z" }, opened]);
    expect(outbox(early).map((l) => l.text)).toEqual(["early"]);

    const closed = run([{ type: "received", messages: [message(1, "bot-a")] }, { type: "status", conversationId: CONVERSATION, status: "closed", agentName: "王敏" }, { type: "rated" }], early);
    const next = reduceChat(closed, { type: "opened", conversationId: "1c8d7e2f-5b66-4d2f-8b54-3a6d4d1e0f22", status: "bot", messages: [] });
    expect(next).toMatchObject({ status: "bot", agentName: null, rated: false, lines: [] });
  });

  it("marks a refused message with its error, and sends it again on retry", () => {
    const failed = run([opened, { type: "queued", clientId: "c-00000001", text: "x", at: "2026-05-04T02:00:00.000Z" }, { type: "failed", clientId: "c-00000001", error: "rate_limited" }]);
    expect(failed.lines[0]).toMatchObject({ delivery: "failed", error: "rate_limited" });
    expect(outbox(failed)).toEqual([]);
    expect(outbox(reduceChat(failed, { type: "retrying", clientId: "c-00000001" })).map((l) => l.clientId)).toEqual(["c-00000001"]);
  });
});

describe("the chat kept in the tab", () => {
  const state = run([opened, { type: "received", messages: [message(1, "bot-a")] }, { type: "queued", clientId: "c-00000009", text: "我的手机号 13900000917", at: "2026-05-04T02:00:00.000Z" }]);
  const raw = JSON.stringify(storedChat("customer:0b6f", { started: true, open: true, seenSeq: 1 }, state));

  it("keeps where the chat stands but none of its words", () => {
    expect(raw).not.toContain("13900000917");
    expect(raw).not.toContain(state.lines[0]!.text);
    expect(JSON.parse(raw)).toEqual({ owner: "customer:0b6f", started: true, open: true, seenSeq: 1, chat: { conversationId: CONVERSATION, status: "bot", agentName: null, rated: false } });
  });

  it("comes back for the same person only, with the transcript to be fetched again", () => {
    const restored = restoreChat(raw, "customer:0b6f");
    expect(restored).toEqual({ started: true, open: true, seenSeq: 1, state: { ...state, lines: [] } });
    // Fetched from the start: chat:resume asks for everything after seq 0.
    expect(lastSeq(restored.state)).toBe(0);
    expect(restoreChat(raw, "visitor")).toEqual({ started: false, open: false, seenSeq: 0, state: initialChatState });
    expect(restoreChat("{not json", "visitor").started).toBe(false);
    expect(restoreChat("null", "visitor").started).toBe(false);
  });
});

describe("chat limits and links", () => {
  it("limits a message and a rating comment as the server does", () => {
    expect(MAX_CHAT_MESSAGE_CHARS).toBe(MAX_MESSAGE_CHARS);
    expect(MAX_RATING_COMMENT_CHARS).toBe(SERVER_MAX_COMMENT);
  });

  it.each([
    ["/portal/requests/new/account_opening", true],
    ["/login?redirectTo=%2Fportal", true],
    ["//evil.example/login", false],
    ["/\\evil.example", false],
    ["https://evil.example/", false],
    ["javascript:alert(1)", false],
  ])("follows %s only if it is a portal page: %s", (href, expected) => {
    expect(isPortalPath(href)).toBe(expected);
  });
});
