import type { Server, Socket } from "socket.io";
import { ResumeSchema, SendMessageSchema } from "../domain/conversations/chat-schemas";
import { createChatBot } from "../bot/chat-bot";
import { MESSAGES_PAGE, messagesAfter, openConversation, postMessage } from "../domain/conversations/conversations";
import { handOffToAgent } from "../domain/conversations/hand-off-to-agent";
import { claimUnansweredQuestion, findUnansweredQuestions } from "../domain/conversations/claim-unanswered-questions";
import { returnUnattendedChats } from "../domain/conversations/return-unattended-chats";
import { closeConversation } from "../domain/conversations/close-conversation";
import { ConversationIdSchema, TypingSchema } from "../domain/conversations/desk-schemas";
import { mayRelayTyping } from "../domain/conversations/may-relay-typing";
import type { ChatParticipant } from "../domain/conversations/participants";
import { rateConversation, RateChatSchema } from "../domain/conversations/rate-conversation";
import { isAppError } from "../domain/errors";
import { chatRoom, deliverMessage, deliverStatus, deliverTyping } from "./chat-rooms";
import { refusalRecorder } from "./access-refusals";
import type { MessageRateLimit } from "./message-rate-limit";
import { eventsOf } from "./socket-events";
import type { SocketDeps, SocketIdentity } from "./sockets";

function participantOf(identity: SocketIdentity): ChatParticipant | null {
  if (identity.kind === "customer" && identity.userId) return { kind: "customer", userId: identity.userId };
  if (identity.kind === "visitor" && identity.visitorId) return { kind: "visitor", visitorId: identity.visitorId };
  return null;
}

/**
 * The customer side of the chat (docs/chat-protocol.md). Every event answers through its
 * acknowledgement, and a message is acknowledged only once it is stored.
 */
export function attachChat(io: Server, deps: SocketDeps, messageLimit: MessageRateLimit) {
  const namespace = io.of("/chat");
  const ctx = deps.services.domain;
  const recordRefusal = refusalRecorder(deps);
  const messagesPerMinute = deps.services.env.CHAT_MESSAGES_PER_MINUTE;

  /**
   * Into the agents' queue, for the bot and the customer's "talk to a person" alike: both sides
   * hear it. With nobody online nothing changes (`noAgent`).
   */
  async function handOff(conversationId: string, participant?: ChatParticipant) {
    const result = await handOffToAgent(ctx, { conversationId, participant });
    if (result.status === "waiting") {
      deliverMessage(io, result.message);
      deliverStatus(io, { conversationId, status: "waiting", agentName: null });
    }
    return result;
  }

  const bot = createChatBot({
    ctx,
    publish: (message) => deliverMessage(io, message),
    handOff: async (conversationId) => {
      try {
        return { noAgent: (await handOff(conversationId)).status === "bot" };
      } catch (error) {
        // The customer's own button got there first: the chat is with the agents already.
        if (isAppError(error) && error.code === "CONFLICT") return { noAgent: false };
        throw error;
      }
    },
    onError: (error) => deps.logger.error({ err: error }, "bot turn failed"),
  });

  namespace.on("connection", (socket: Socket) => {
    const participant = participantOf(socket.data.identity as SocketIdentity);

    const on = eventsOf(socket, { allowed: participant !== null, logger: deps.logger, recordRefusal });

    // Read (which checks ownership), join live delivery, read again: a message stored between
    // the first read and the join would otherwise reach this socket neither way. One seen both
    // live and in the answer is the same message; the client keeps one per seq.
    async function catchUp(conversationId: string, afterSeq: number) {
      const messages = await messagesAfter(ctx, { participant: participant!, conversationId, afterSeq });
      await socket.join(chatRoom(conversationId));
      if (messages.length === MESSAGES_PAGE) return messages;
      const later = await messagesAfter(ctx, { participant: participant!, conversationId, afterSeq: messages.at(-1)?.seq ?? afterSeq });
      return [...messages, ...later];
    }

    on("chat:open", ResumeSchema.pick({ afterSeq: true }), async ({ afterSeq }) => {
      const conversation = await openConversation(ctx, participant!);
      const messages = await catchUp(conversation.id, afterSeq);
      return { ok: true, conversationId: conversation.id, status: conversation.status, messages };
    });

    on("chat:resume", ResumeSchema, async ({ conversationId, afterSeq }) => {
      return { ok: true, messages: await catchUp(conversationId, afterSeq) };
    });

    on("chat:send", SendMessageSchema, async ({ conversationId, clientId, text }) => {
      const who = participant!.kind === "customer" ? participant!.userId : participant!.visitorId;
      if (!(await messageLimit.allow(`chat:${who}`, messagesPerMinute, 60_000))) return { ok: false, error: "rate_limited" };
      const { message, duplicate, conversation } = await postMessage(ctx, { participant: participant!, conversationId, clientId, text });
      if (!duplicate) deliverMessage(io, message);
      // While no agent has taken over, the bot answers — after the ack, so the sender never
      // waits on it; a retried message finds its reply already stored and gets no second one.
      // setImmediate, not a microtask: PGlite runs queries on this thread, and a microtask would
      // hold the ack's write until the bot's whole turn is done.
      if (conversation.status === "bot") {
        const turn = { conversationId, participant: participant!, question: message, language: conversation.language, botState: conversation.botState };
        setImmediate(() => void bot.handle(turn));
      }
      return { ok: true, seq: message.seq, duplicate };
    });

    on("chat:handoff", ConversationIdSchema, async ({ conversationId }) => {
      const result = await handOff(conversationId, participant!);
      // Nobody online: the bot says so in the chat and offers to take a message.
      if (result.status === "bot") setImmediate(() => void bot.noAgentOnline({ conversationId, participant: participant! }));
      return { ok: true, ...(result.status === "bot" ? { status: "bot", noAgent: true } : { status: "waiting" }) };
    });

    on("chat:typing", TypingSchema, async ({ conversationId, typing }) => {
      if (await mayRelayTyping(ctx, { conversationId, side: { kind: "participant", participant: participant! } })) {
        deliverTyping(io, "customer", { conversationId, typing });
      }
      return { ok: true };
    });

    on("chat:end", ConversationIdSchema, async ({ conversationId }) => {
      const { message } = await closeConversation(ctx, { conversationId, by: { kind: "participant", participant: participant! } });
      deliverMessage(io, message);
      deliverStatus(io, { conversationId, status: "closed", agentName: null });
      return { ok: true, status: "closed" };
    });

    on("chat:rate", RateChatSchema, async (input) => {
      await rateConversation(ctx, { participant: participant!, ...input });
      return { ok: true };
    });
  });

  return {
    /** Queued chats nobody online can take go back to the bot, which offers to take a message (a job). */
    async returnUnattendedChats() {
      for (const returned of await returnUnattendedChats(ctx)) {
        deliverMessage(io, returned.message);
        deliverStatus(io, { conversationId: returned.conversationId, status: "bot", agentName: null });
        await bot.noAgentOnline({ conversationId: returned.conversationId, participant: returned.participant });
      }
    },
    /** Every bot turn under way finishes: a stopping process answers what it acknowledged. */
    settled: () => bot.settled(),
    /** Questions whose answer was lost with a stopped process are answered now (a job). */
    async answerUnansweredQuestions() {
      // Every instance runs this job: each question is answered by the one that claims it.
      for (const turn of await findUnansweredQuestions(ctx)) {
        if (await claimUnansweredQuestion(ctx, turn.question)) await bot.handle(turn);
      }
    },
  };
}

export type ChatJobs = ReturnType<typeof attachChat>;
