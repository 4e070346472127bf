import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import { ResumeSchema, SendMessageSchema } from "../domain/conversations/chat-schemas";
import { answer } from "../bot/answer";
import { messagesAfter, openConversation, postMessage, postReply, type DeliveredMessage } from "../domain/conversations/conversations";
import type { ChatParticipant } from "../domain/conversations/participants";
import { isAppError } from "../domain/errors";
import { withinRateLimit } from "../domain/rate-limit";
import { chatRoom, deliverMessage } from "./chat-rooms";
import type { SocketDeps, SocketIdentity } from "./sockets";

// Thirty messages a minute per person: plenty to talk, too few to flood an agent.
const MESSAGES_PER_MINUTE = 30;

export type ChatAck =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: "invalid_payload" | "not_found" | "rate_limited" | "not_allowed" | "server_error" };

function participantOf(identity: SocketIdentity): ChatParticipant | null {
  if (identity.kind === "customer" && identity.userId) return { kind: "customer", userId: identity.userId };
  if (identity.kind === "visitor" && identity.visitorId) return { kind: "visitor", visitorId: identity.visitorId };
  return null;
}

/**
 * The customer side of the chat (docs/chat-protocol.md). Every event answers through its
 * acknowledgement, and a message is acknowledged only once it is stored.
 */
export function attachChat(io: Server, deps: SocketDeps) {
  const namespace = io.of("/chat");
  const ctx = deps.services.domain;

  async function replyAsBot(conversationId: string, question: DeliveredMessage) {
    try {
      const { reply } = answer(question.text, ctx.knowledge.current());
      const { message, duplicate } = await postReply(ctx, { conversationId, clientId: `bot-${question.id}`, sender: "bot", text: reply });
      if (!duplicate) deliverMessage(io, message);
    } catch (error) {
      deps.logger.error({ err: error }, "bot reply failed");
    }
  }

  namespace.on("connection", (socket: Socket) => {
    const participant = participantOf(socket.data.identity as SocketIdentity);

    // One wrapper for every event: payload checked, errors answered, nothing thrown at socket.io.
    function on<S extends z.ZodType>(event: string, schema: S, handle: (payload: z.output<S>) => Promise<ChatAck>) {
      socket.on(event, async (payload: unknown, ack?: unknown) => {
        const reply = typeof ack === "function" ? (ack as (a: ChatAck) => void) : () => {};
        if (!participant) return reply({ ok: false, error: "not_allowed" });
        const parsed = schema.safeParse(payload ?? {});
        if (!parsed.success) return reply({ ok: false, error: "invalid_payload" });
        try {
          reply(await handle(parsed.data));
        } catch (error) {
          if (isAppError(error) && error.code === "NOT_FOUND") return reply({ ok: false, error: "not_found" });
          deps.logger.error({ err: error, event }, "chat event failed");
          reply({ ok: false, error: "server_error" });
        }
      });
    }

    on("chat:open", ResumeSchema.pick({ afterSeq: true }), async ({ afterSeq }) => {
      const conversation = await openConversation(ctx, participant!);
      const messages = await messagesAfter(ctx, { participant: participant!, conversationId: conversation.id, afterSeq });
      await socket.join(chatRoom(conversation.id));
      return { ok: true, conversationId: conversation.id, status: conversation.status, messages };
    });

    on("chat:resume", ResumeSchema, async ({ conversationId, afterSeq }) => {
      const messages = await messagesAfter(ctx, { participant: participant!, conversationId, afterSeq });
      await socket.join(chatRoom(conversationId));
      return { ok: true, messages };
    });

    on("chat:send", SendMessageSchema, async ({ conversationId, clientId, text }) => {
      const who = participant!.kind === "customer" ? participant!.userId : participant!.visitorId;
      const allowed = await withinRateLimit(ctx.db, { key: `chat:${who}`, limit: MESSAGES_PER_MINUTE, windowMs: 60_000, now: ctx.now() });
      if (!allowed) return { ok: false, error: "rate_limited" };
      const { message, duplicate, conversation: { status } } = await postMessage(ctx, { participant: participant!, conversationId, clientId, text });
      if (!duplicate) deliverMessage(io, message);
      // While no agent has taken over, the bot answers — after the ack, so the sender never
      // waits on it; a retried message finds its reply already stored and gets no second one.
      if (status === "bot") queueMicrotask(() => void replyAsBot(conversationId, message));
      return { ok: true, seq: message.seq, duplicate };
    });
  });
}
