import type { ChatAction, Conversation } from "../../db/schema";
import type { DeliveredMessage } from "../../domain/conversations/conversations";
import type { AckError } from "./socket-store";

/** The server's limits (docs/chat-protocol.md); tests/unit/chat-state.test.ts keeps them equal. */
export const MAX_CHAT_MESSAGE_CHARS = 2000;
export const MAX_RATING_COMMENT_CHARS = 1000;

export type ChatStatus = Conversation["status"];
export type ChatMessage = Omit<DeliveredMessage, "internal">;

/** One line of the transcript: a stored message, or one of the customer's still on its way. */
export interface ChatLine {
  clientId: string;
  /** null until the server has stored it. */
  seq: number | null;
  sender: ChatMessage["sender"];
  senderName: string | null;
  text: string;
  actions: ChatAction[];
  at: string;
  delivery: "sending" | "sent" | "failed";
  error?: AckError;
}

export interface ChatState {
  conversationId: string | null;
  status: ChatStatus;
  agentName: string | null;
  lines: ChatLine[];
  rated: boolean;
}

export type ChatEvent =
  | { type: "opened"; conversationId: string; status: ChatStatus; messages: ChatMessage[] }
  | { type: "received"; messages: ChatMessage[] }
  | { type: "queued"; clientId: string; text: string; at: string }
  | { type: "acked"; clientId: string; seq: number }
  | { type: "failed"; clientId: string; error: AckError }
  | { type: "retrying"; clientId: string }
  | { type: "status"; conversationId: string; status: ChatStatus; agentName: string | null }
  | { type: "rated" };

export const initialChatState: ChatState = { conversationId: null, status: "bot", agentName: null, lines: [], rated: false };

/** Errors worth a second try by the customer; the others would fail the same way again. */
export const isRetryable = (error: AckError | undefined) => error === "rate_limited" || error === "server_error";

function lineOf(message: ChatMessage): ChatLine {
  return {
    clientId: message.clientId,
    seq: message.seq,
    sender: message.sender,
    senderName: message.senderName,
    text: message.text,
    actions: message.actions,
    at: message.at,
    delivery: "sent",
  };
}

// Stored messages in seq order, then the customer's unsent ones in the order they were written.
function ordered(lines: ChatLine[]): ChatLine[] {
  const stored = lines.filter((l) => l.seq !== null).sort((a, b) => a.seq! - b.seq!);
  return [...stored, ...lines.filter((l) => l.seq === null)];
}

// A clientId is unique within a conversation, so it identifies a line whether stored or not:
// a message seen twice (a resume after a live delivery, a retry) is kept once.
function merge(lines: ChatLine[], messages: ChatMessage[]): ChatLine[] {
  const byClientId = new Map(lines.map((line) => [line.clientId, line]));
  for (const message of messages) byClientId.set(message.clientId, lineOf(message));
  return ordered([...byClientId.values()]);
}

function update(state: ChatState, clientId: string, change: Partial<ChatLine>): ChatState {
  return { ...state, lines: state.lines.map((l) => (l.clientId === clientId ? { ...l, ...change } : l)) };
}

export function reduceChat(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case "opened": {
      // Another conversation than the one shown (a new chat, or the old one is not this
      // person's any more): start over. Lines written before the first open go with it.
      const same = state.conversationId === null || state.conversationId === event.conversationId;
      const kept = same ? state : initialChatState;
      return { ...kept, conversationId: event.conversationId, status: event.status, agentName: same ? state.agentName : null, lines: merge(kept.lines, event.messages) };
    }
    case "received": {
      const mine = event.messages.filter((m) => m.conversationId === state.conversationId);
      return mine.length ? { ...state, lines: merge(state.lines, mine) } : state;
    }
    case "queued":
      return {
        ...state,
        lines: [...state.lines, { clientId: event.clientId, seq: null, sender: "customer", senderName: null, text: event.text, actions: [], at: event.at, delivery: "sending" }],
      };
    case "acked":
      // The message itself may have arrived first: the server delivers it before acknowledging.
      return { ...state, lines: ordered(state.lines.map((l) => (l.clientId === event.clientId ? { ...l, seq: l.seq ?? event.seq, delivery: "sent" } : l))) };
    case "failed":
      return update(state, event.clientId, { delivery: "failed", error: event.error });
    case "retrying":
      return update(state, event.clientId, { delivery: "sending", error: undefined });
    case "status":
      return event.conversationId === state.conversationId ? { ...state, status: event.status, agentName: event.agentName } : state;
    case "rated":
      return { ...state, rated: true };
  }
}

/** The highest seq seen: where `chat:resume` picks up. */
export function lastSeq(state: ChatState): number {
  return state.lines.reduce((max, l) => Math.max(max, l.seq ?? 0), 0);
}

/** Messages to the customer (from the assistant, an agent, the system) after `seq`. */
export function unreadAfter(state: ChatState, seq: number): number {
  return state.lines.filter((l) => (l.seq ?? 0) > seq && l.sender !== "customer" && l.sender !== "visitor").length;
}

/** The customer's messages not yet acknowledged, to send again (same clientId) after a reconnect. */
export function outbox(state: ChatState): ChatLine[] {
  return state.lines.filter((l) => l.delivery === "sending");
}

/** A portal path: one leading slash, never "//host" or "/\host", which browsers read as another site. */
export function isPortalPath(href: string): boolean {
  return /^\/(?![/\\])/.test(href);
}

// ---------------------------------------------------------------------------------------------
// Kept per browser tab (sessionStorage) so the chat survives navigation and reloads, and
// forgotten when someone else signs in or out in that tab. Only where the chat stands is kept,
// never what was written: the transcript is fetched again from the server (`chat:resume` from
// seq 0), so no message text — which may hold an account or ID number — sits in the browser.
// A message still unsent when the tab reloads is not kept either; the panel shows it as sending
// until then.

export interface StoredChat {
  /** Who the chat belongs to: an opaque account id or "visitor", never a name. */
  owner: string;
  /** The customer opened the chat in this tab at least once: connect on every page from now on. */
  started: boolean;
  open: boolean;
  /** The last message the customer had in view (see unreadAfter). */
  seenSeq: number;
  chat: Omit<ChatState, "lines">;
}

export function storedChat(owner: string, view: { started: boolean; open: boolean; seenSeq: number }, state: ChatState): StoredChat {
  const { lines: _transcript, ...chat } = state;
  return { owner, ...view, chat };
}

export function restoreChat(raw: string | null, owner: string): { started: boolean; open: boolean; seenSeq: number; state: ChatState } {
  const fresh = { started: false, open: false, seenSeq: 0, state: initialChatState };
  if (!raw) return fresh;
  try {
    const stored = JSON.parse(raw) as Partial<StoredChat> | null;
    if (stored?.owner !== owner || typeof stored.chat !== "object" || stored.chat === null) return fresh;
    const { conversationId, status, agentName, rated } = { ...initialChatState, ...stored.chat };
    return {
      started: stored.started === true,
      open: stored.open === true,
      seenSeq: Number.isSafeInteger(stored.seenSeq) ? stored.seenSeq! : 0,
      state: { conversationId, status, agentName, rated, lines: [] },
    };
  } catch {
    return fresh;
  }
}
