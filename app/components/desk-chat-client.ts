import { io } from "socket.io-client";
import type { DeliveredMessage } from "../../domain/conversations/conversations";
import type { MaskedCustomer, QueuedChat } from "../../domain/conversations/find-chat-queue";
import { SocketStore, type AckError } from "../utils/socket-store";

// The agents' side of the chat socket (docs/chat-protocol.md, "The agents' side"), in the browser.

export type DeskError = AckError | "offline";
export type Presence = "online" | "away";

export interface ChatContext {
  conversationId: string;
  status: "bot" | "waiting" | "active" | "closed";
  language: "zh" | "en";
  agentId: string | null;
  customer: MaskedCustomer;
  requests: { number: string; type: string; status: string; dueAt: string | null }[];
  complaints: { number: string; category: string; dueAt: string }[];
}

export interface ChatAgent {
  id: string;
  name: string;
  status: Presence;
  activeChats: number;
  maxChats: number;
}

/** A reply not yet acknowledged: sent again, with the same client id, after a reconnect. */
export interface PendingReply {
  conversationId: string;
  clientId: string;
  text: string;
}

export interface DeskSnapshot {
  connected: boolean;
  presence: Presence;
  maxChats: number;
  waiting: QueuedChat[];
  mine: QueuedChat[];
  selected: string | null;
  transcripts: Record<string, DeliveredMessage[]>;
  contexts: Record<string, ChatContext>;
  pending: PendingReply[];
  customerTyping: Record<string, boolean>;
  unread: Record<string, number>;
  /** What the last action ran into, or news for the agent (a chat transferred to them). */
  notice: { kind: "error"; error: DeskError } | { kind: "assigned" } | null;
}

const TYPING_EVERY_MS = 2_000;
const TYPING_IDLE_MS = 3_000;
// A customer who stopped typing without saying so (closed the tab) stops showing as typing.
const CUSTOMER_TYPING_SHOWN_MS = 6_000;

/** Messages of one chat in order, each once, whatever order they arrived in. */
export function mergeMessages(known: readonly DeliveredMessage[], incoming: readonly DeliveredMessage[]): DeliveredMessage[] {
  const byId = new Map(known.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

const EMPTY_DESK: DeskSnapshot = {
    connected: false,
    presence: "away",
    maxChats: 0,
    waiting: [],
    mine: [],
    selected: null,
    transcripts: {},
    contexts: {},
    pending: [],
    customerTyping: {},
    unread: {},
    notice: null,
  };

export class DeskChatClient extends SocketStore<DeskSnapshot> {
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super(EMPTY_DESK);
  }

  connect() {
    if (this.socket) return;
    const socket = io("/desk", { withCredentials: true });
    this.socket = socket;
    socket.on("connect", () => {
      this.set({ connected: true });
      void this.sync();
    });
    socket.on("disconnect", () => this.set({ connected: false, customerTyping: {} }));
    socket.on("desk:message", (message: DeliveredMessage) => this.received(message.conversationId, [message]));
    socket.on("desk:status", ({ conversationId, status }: { conversationId: string; status: ChatContext["status"] }) => {
      const context = this.snapshot.contexts[conversationId];
      if (context) this.set({ contexts: { ...this.snapshot.contexts, [conversationId]: { ...context, status } } });
    });
    socket.on("desk:queue-changed", () => void this.refreshQueue());
    socket.on("desk:assigned", () => {
      this.set({ notice: { kind: "assigned" } });
      void this.refreshQueue();
    });
    socket.on("desk:typing", ({ conversationId, typing }: { conversationId: string; typing: boolean }) => this.customerTyping(conversationId, typing));
  }

  disconnect() {
    clearTimeout(this.typingIdle);
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.socket?.disconnect();
    this.socket = null;
  }

  private failed(error: DeskError) {
    this.set({ notice: { kind: "error", error } });
  }

  /** Where to resume: live messages may arrive before a chat is first opened, so until then from the start. */
  private lastSeq(conversationId: string): number {
    if (!this.snapshot.contexts[conversationId]) return 0;
    return this.snapshot.transcripts[conversationId]?.at(-1)?.seq ?? 0;
  }

  private received(conversationId: string, messages: DeliveredMessage[]) {
    if (messages.length === 0) return;
    const { transcripts, selected, unread, pending } = this.snapshot;
    const fromCustomer = messages.some((m) => m.sender === "customer" || m.sender === "visitor");
    const stored = new Set(messages.map((m) => m.clientId));
    this.set({
      transcripts: { ...transcripts, [conversationId]: mergeMessages(transcripts[conversationId] ?? [], messages) },
      pending: pending.filter((p) => p.conversationId !== conversationId || !stored.has(p.clientId)),
      unread: selected === conversationId ? unread : { ...unread, [conversationId]: (unread[conversationId] ?? 0) + messages.length },
      ...(fromCustomer ? { customerTyping: { ...this.snapshot.customerTyping, [conversationId]: false } } : {}),
    });
  }

  private customerTyping(conversationId: string, typing: boolean) {
    clearTimeout(this.typingTimers.get(conversationId));
    if (typing) this.typingTimers.set(conversationId, setTimeout(() => this.customerTyping(conversationId, false), CUSTOMER_TYPING_SHOWN_MS));
    this.set({ customerTyping: { ...this.snapshot.customerTyping, [conversationId]: typing } });
  }

  /** After every (re)connect: the queue, what was missed in each of my chats, then unsent replies. */
  private async sync() {
    await this.refreshQueue();
    await Promise.all(this.snapshot.mine.map((chat) => this.open(chat.conversationId)));
    const selected = this.snapshot.selected;
    if (selected && !this.snapshot.mine.some((chat) => chat.conversationId === selected)) await this.open(selected);
    for (const reply of this.snapshot.pending) void this.deliver(reply);
  }

  async refreshQueue() {
    const ack = await this.request("desk:queue", {});
    if (!ack.ok) return this.failed(ack.error);
    this.set({
      waiting: ack.waiting as QueuedChat[],
      mine: ack.mine as QueuedChat[],
      presence: ack.presence as Presence,
      maxChats: ack.maxChats as number,
    });
  }

  private async open(conversationId: string): Promise<boolean> {
    const ack = await this.request("desk:open", { conversationId, afterSeq: this.lastSeq(conversationId) });
    if (!ack.ok) {
      this.failed(ack.error);
      return false;
    }
    this.set({ contexts: { ...this.snapshot.contexts, [conversationId]: ack.context as ChatContext } });
    this.received(conversationId, ack.messages as DeliveredMessage[]);
    return true;
  }

  async setPresence(status: Presence) {
    const ack = await this.request("desk:presence", { status });
    if (!ack.ok) return this.failed(ack.error);
    this.set({ presence: status, notice: null });
  }

  async select(conversationId: string | null) {
    this.set({ selected: conversationId, notice: null, ...(conversationId ? { unread: { ...this.snapshot.unread, [conversationId]: 0 } } : {}) });
    if (conversationId) await this.open(conversationId);
  }

  async claim(conversationId: string) {
    const ack = await this.request("desk:claim", { conversationId });
    if (!ack.ok) {
      this.failed(ack.error);
      return this.refreshQueue();
    }
    await this.refreshQueue();
    await this.select(conversationId);
  }

  send(conversationId: string, text: string) {
    this.stopTyping(conversationId);
    const reply = { conversationId, clientId: crypto.randomUUID(), text };
    this.set({ pending: [...this.snapshot.pending, reply] });
    void this.deliver(reply);
  }

  private async deliver(reply: PendingReply) {
    const ack = await this.request("desk:send", reply);
    if (ack.ok || ack.error === "offline") return; // the echo clears it; offline: sent again on reconnect
    this.set({ pending: this.snapshot.pending.filter((p) => p.clientId !== reply.clientId) });
    this.failed(ack.error);
  }

  /** Called on every keystroke: the customer hears of it at most every 2 s, and when it stops. */
  typing(conversationId: string) {
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_EVERY_MS) {
      this.typingSentAt = now;
      void this.request("desk:typing", { conversationId, typing: true });
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(conversationId), TYPING_IDLE_MS);
  }

  private stopTyping(conversationId: string) {
    clearTimeout(this.typingIdle);
    if (this.typingSentAt === 0) return;
    this.typingSentAt = 0;
    void this.request("desk:typing", { conversationId, typing: false });
  }

  async agents(): Promise<ChatAgent[]> {
    const ack = await this.request("desk:agents", {});
    if (!ack.ok) {
      this.failed(ack.error);
      return [];
    }
    return ack.agents as ChatAgent[];
  }

  async transfer(conversationId: string, toAgentId: string, note: string): Promise<boolean> {
    const ack = await this.request("desk:transfer", { conversationId, toAgentId, note });
    if (!ack.ok) {
      this.failed(ack.error);
      return false;
    }
    this.set({ selected: null });
    await this.refreshQueue();
    return true;
  }

  async close(conversationId: string) {
    const ack = await this.request("desk:close", { conversationId });
    if (!ack.ok) return this.failed(ack.error);
    await this.refreshQueue();
  }
}
