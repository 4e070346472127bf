import { io } from "socket.io-client";
import { SocketStore, type Ack, type AckError } from "./socket-store";
import { lastSeq, outbox, reduceChat, type ChatEvent, type ChatLine, type ChatMessage, type ChatState, type ChatStatus } from "./chat-state";

/** What the panel tells the customer besides a message's own error. */
export type ChatProblem = AckError | "offline" | "too_many_connections";
export type Connection = "idle" | "connecting" | "online" | "offline";

export interface ChatSnapshot {
  chat: ChatState;
  connection: Connection;
  agentTyping: boolean;
  problem: ChatProblem | null;
}

// Typing is announced at most this often while the customer types, and withdrawn after this
// long without a keystroke.
const TYPING_EVERY_MS = 2_000;
const TYPING_IDLE_MS = 3_000;
// A handshake refused because the server's database is briefly down is tried again this often.
const HANDSHAKE_RETRY_MS = 3_000;

/**
 * The customer's side of the chat socket (docs/chat-protocol.md): opens or resumes the
 * conversation on every (re)connect, sends each message until it is acknowledged (always with
 * the same clientId), and keeps the transcript ordered and free of duplicates.
 */
export class ChatClient extends SocketStore<ChatSnapshot> {
  private typingSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private newOnConnect = false;

  constructor(chat: ChatState) {
    super({ chat, connection: "idle", agentTyping: false, problem: null });
  }

  private apply(event: ChatEvent) {
    this.set({ chat: reduceChat(this.snapshot.chat, event) });
  }

  connect() {
    if (this.socket) return;
    const socket = io("/chat", { withCredentials: true });
    this.socket = socket;
    this.set({ connection: "connecting" });
    socket.on("connect", () => {
      this.set({ connection: "online", problem: null });
      void this.sync();
    });
    // `active` is false when the server closed the socket (the session ended) or refused it:
    // then socket.io does not reconnect by itself.
    socket.on("disconnect", () => this.set({ connection: socket.active ? "connecting" : "offline", agentTyping: false }));
    socket.on("connect_error", (error) => {
      if (socket.active) return this.set({ connection: "connecting" });
      // The server could not tell who is connecting (its database is briefly down): ask again shortly.
      if (error.message === "unavailable") {
        this.set({ connection: "connecting" });
        this.retryTimer = setTimeout(() => socket.connect(), HANDSHAKE_RETRY_MS);
        return;
      }
      this.set({ connection: "offline", problem: error.message === "too_many_connections" ? "too_many_connections" : "offline" });
    });
    socket.on("chat:message", (message: ChatMessage) => {
      this.apply({ type: "received", messages: [message] });
      if (message.sender === "agent") this.set({ agentTyping: false });
    });
    socket.on("chat:status", (change: { conversationId: string; status: ChatStatus; agentName: string | null }) => {
      this.apply({ type: "status", ...change });
    });
    socket.on("chat:typing", ({ conversationId, typing }: { conversationId: string; typing: boolean }) => {
      if (conversationId === this.snapshot.chat.conversationId) this.set({ agentTyping: typing });
    });
  }

  disconnect() {
    clearTimeout(this.typingTimer);
    clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    this.socket = null;
  }

  /** After every (re)connect: pick up what was missed, then send what was never acknowledged. */
  private async sync() {
    if (this.newOnConnect) {
      this.newOnConnect = false;
      return this.open();
    }
    const { conversationId } = this.snapshot.chat;
    if (conversationId) {
      const ack = await this.request("chat:resume", { conversationId, afterSeq: lastSeq(this.snapshot.chat) });
      if (ack.ok) {
        this.apply({ type: "received", messages: ack.messages as ChatMessage[] });
        return this.flush();
      }
      // not_found: the conversation is not this person's (someone else signed in): a new one.
      if (ack.error !== "not_found") return this.set({ problem: ack.error });
    }
    await this.open();
  }

  private async open() {
    const ack = await this.request("chat:open", { afterSeq: 0 });
    if (!ack.ok) return this.set({ problem: ack.error });
    this.apply({ type: "opened", conversationId: ack.conversationId as string, status: ack.status as ChatStatus, messages: ack.messages as ChatMessage[] });
    this.flush();
  }

  private flush() {
    for (const line of outbox(this.snapshot.chat)) void this.deliver(line);
  }

  private async deliver(line: ChatLine) {
    const { conversationId } = this.snapshot.chat;
    if (!conversationId || !this.socket?.connected) return; // sent once the conversation is open
    const ack = await this.request("chat:send", { conversationId, clientId: line.clientId, text: line.text });
    if (ack.ok) this.apply({ type: "acked", clientId: line.clientId, seq: ack.seq as number });
    else if (ack.error !== "offline") this.apply({ type: "failed", clientId: line.clientId, error: ack.error });
  }

  send(text: string) {
    const clientId = crypto.randomUUID();
    this.stopTyping();
    this.apply({ type: "queued", clientId, text, at: new Date().toISOString() });
    void this.deliver(this.snapshot.chat.lines.find((l) => l.clientId === clientId)!);
  }

  retry(clientId: string) {
    this.apply({ type: "retrying", clientId });
    const line = this.snapshot.chat.lines.find((l) => l.clientId === clientId);
    if (line) void this.deliver(line);
  }

  /** Runs a conversation event; a failure is shown in the panel. Answers whether it worked. */
  private async act(event: string, payload: object = {}): Promise<Ack> {
    const { conversationId } = this.snapshot.chat;
    const ack = await this.request(event, { conversationId, ...payload });
    this.set({ problem: ack.ok ? null : ack.error });
    return ack;
  }

  async handoff() {
    const ack = await this.act("chat:handoff");
    if (ack.ok) this.apply({ type: "status", conversationId: this.snapshot.chat.conversationId!, status: ack.status as ChatStatus, agentName: this.snapshot.chat.agentName });
  }

  async end() {
    this.stopTyping();
    const ack = await this.act("chat:end");
    if (ack.ok) this.apply({ type: "status", conversationId: this.snapshot.chat.conversationId!, status: "closed", agentName: this.snapshot.chat.agentName });
  }

  async rate(rating: number, comment: string) {
    const ack = await this.act("chat:rate", comment ? { rating, comment } : { rating });
    // invalid_state: already answered, from another tab.
    if (ack.ok || ack.error === "invalid_state") {
      this.set({ problem: null });
      this.apply({ type: "rated" });
    }
  }

  /**
   * A new conversation once the old one is closed (`chat:open` opens one then). Asked for before
   * the socket is up (just after a reload), it is opened as soon as the socket connects.
   */
  startNew() {
    if (this.socket?.connected) return void this.open();
    this.newOnConnect = true;
  }

  /** Called on every keystroke; tells the agent, at most every two seconds, that the customer types. */
  typing() {
    const { conversationId, status } = this.snapshot.chat;
    // Only an agent reads it: nobody to tell while the bot answers.
    if (!conversationId || (status !== "waiting" && status !== "active")) return;
    const now = Date.now();
    if (now - this.typingSentAt >= TYPING_EVERY_MS) {
      this.typingSentAt = now;
      this.socket?.volatile.emit("chat:typing", { conversationId, typing: true });
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping() {
    clearTimeout(this.typingTimer);
    if (!this.typingSentAt) return;
    this.typingSentAt = 0;
    const { conversationId } = this.snapshot.chat;
    this.socket?.volatile.emit("chat:typing", { conversationId, typing: false });
  }
}
