import type { Server, Socket } from "socket.io";
import type { StaffRole } from "../db/schema";
import { SendMessageSchema, ResumeSchema } from "../domain/conversations/chat-schemas";
import { CHAT_ROLES } from "../domain/conversations/chat-agents";
import { claimConversation } from "../domain/conversations/claim-conversation";
import { closeConversation } from "../domain/conversations/close-conversation";
import { ConversationIdSchema, NoPayloadSchema, PresenceSchema, TransferSchema, TypingSchema } from "../domain/conversations/desk-schemas";
import { findChatAgents } from "../domain/conversations/find-chat-agents";
import { findChatQueue } from "../domain/conversations/find-chat-queue";
import { mayRelayTyping } from "../domain/conversations/may-relay-typing";
import { openDeskConversation } from "../domain/conversations/open-desk-conversation";
import { MESSAGES_PAGE, transcript } from "../domain/conversations/conversations";
import { sendAgentMessage } from "../domain/conversations/send-agent-message";
import { setAgentPresence, touchAgentPresence } from "../domain/conversations/set-agent-presence";
import { transferConversation } from "../domain/conversations/transfer-conversation";
import type { StaffActor } from "../domain/service-requests/request-access";
import { AGENTS_ROOM, agentRoom, deliverMessage, deliverStatus, deliverTyping, deskConversationRoom } from "./chat-rooms";
import { refusalRecorder } from "./access-refusals";
import type { MessageRateLimit } from "./message-rate-limit";
import { eventsOf } from "./socket-events";
import type { SocketDeps, SocketIdentity } from "./sockets";

// An agent with canned replies answers several chats quickly; a runaway script does not.
const AGENT_MESSAGES_PER_MINUTE = 60;

// Presence counts as fresh for 90 s (domain/conversations/chat-agents.ts): a connected desk
// says it is still there well within that.
const PRESENCE_TOUCH_MS = 30_000;
const RELOAD_GRACE_MS = 5_000;

function actorOf(identity: SocketIdentity): StaffActor | null {
  if (identity.kind !== "staff" || !identity.userId) return null;
  const roles = identity.roles as StaffRole[];
  return roles.some((role) => CHAT_ROLES.includes(role)) ? { userId: identity.userId, roles } : null;
}

/**
 * The agents' side of the chat (docs/chat-protocol.md, "The agents' side"): staff with the
 * agent or supervisor role only; every event checks the chat is theirs in its query.
 */
export function attachDesk(io: Server, deps: SocketDeps, messageLimit: MessageRateLimit) {
  const namespace = io.of("/desk");
  const ctx = deps.services.domain;
  const recordRefusal = refusalRecorder(deps);

  const queueChanged = () => namespace.to(AGENTS_ROOM).emit("desk:queue-changed", {});

  namespace.on("connection", (socket: Socket) => {
    const actor = actorOf(socket.data.identity as SocketIdentity);
    const on = eventsOf(socket, { allowed: actor !== null, logger: deps.logger, recordRefusal });
    // Everyone else's events are answered `not_allowed` by the wrapper before they get here.
    const me = actor ?? { userId: "", roles: [] };

    if (actor) {
      void socket.join([AGENTS_ROOM, agentRoom(me.userId)]);
      const touch = () => touchAgentPresence(ctx, { userId: me.userId }).catch((error: unknown) => deps.logger.error({ err: error }, "presence touch failed"));
      void touch();
      const keepFresh = setInterval(touch, PRESENCE_TOUCH_MS);
      socket.on("disconnect", () => {
        clearInterval(keepFresh);
        // The agent's last desk (on any instance) has gone: they are no longer offered chats. A
        // reload opens the next socket within the grace period, and the agent stays online.
        setTimeout(() => {
          void (async () => {
            const left = await namespace.in(agentRoom(me.userId)).fetchSockets();
            if (left.length > 0) return;
            await setAgentPresence(ctx, { actor: me, status: "away" });
            queueChanged();
          })().catch((error: unknown) => deps.logger.error({ err: error }, "presence update failed"));
        }, RELOAD_GRACE_MS).unref();
      });
    }

    on("desk:presence", PresenceSchema, async ({ status }) => {
      await setAgentPresence(ctx, { actor: me, status });
      queueChanged();
      return { ok: true, status };
    });

    on("desk:queue", NoPayloadSchema, async () => ({ ok: true, ...(await findChatQueue(ctx, { actor: me })) }));

    on("desk:agents", NoPayloadSchema, async () => ({ ok: true, agents: await findChatAgents(ctx, { actor: me }) }));

    on("desk:claim", ConversationIdSchema, async ({ conversationId }) => {
      const { agentName, message } = await claimConversation(ctx, { actor: me, conversationId });
      namespace.in(agentRoom(me.userId)).socketsJoin(deskConversationRoom(conversationId));
      deliverMessage(io, message);
      deliverStatus(io, { conversationId, status: "active", agentName });
      return { ok: true, conversationId };
    });

    on("desk:open", ResumeSchema, async ({ conversationId, afterSeq }) => {
      const { messages, context } = await openDeskConversation(ctx, { actor: me, conversationId, afterSeq });
      await socket.join(deskConversationRoom(conversationId));
      // Read again once joined, as the customer's side does: a message stored in between would
      // otherwise reach this agent neither way.
      if (messages.length === MESSAGES_PAGE) return { ok: true, messages, context };
      const later = await transcript(ctx, { conversationId, afterSeq: messages.at(-1)?.seq ?? afterSeq, withInternal: true });
      return { ok: true, messages: [...messages, ...later], context };
    });

    on("desk:send", SendMessageSchema, async ({ conversationId, clientId, text }) => {
      if (!(await messageLimit.allow(`desk:${me.userId}`, AGENT_MESSAGES_PER_MINUTE, 60_000))) return { ok: false, error: "rate_limited" };
      const { message, duplicate } = await sendAgentMessage(ctx, { actor: me, conversationId, clientId, text });
      if (!duplicate) deliverMessage(io, message);
      return { ok: true, seq: message.seq, duplicate };
    });

    on("desk:typing", TypingSchema, async ({ conversationId, typing }) => {
      if (await mayRelayTyping(ctx, { conversationId, side: { kind: "agent", actor: me } })) deliverTyping(io, "agent", { conversationId, typing });
      return { ok: true };
    });

    on("desk:transfer", TransferSchema, async ({ conversationId, toAgentId, note }) => {
      const { agentName, fromAgentId, messages } = await transferConversation(ctx, { actor: me, conversationId, toAgentId, note });
      if (fromAgentId) namespace.in(agentRoom(fromAgentId)).socketsLeave(deskConversationRoom(conversationId));
      namespace.in(agentRoom(toAgentId)).socketsJoin(deskConversationRoom(conversationId));
      for (const message of messages) deliverMessage(io, message);
      deliverStatus(io, { conversationId, status: "active", agentName });
      namespace.to(agentRoom(toAgentId)).emit("desk:assigned", { conversationId });
      return { ok: true };
    });

    on("desk:close", ConversationIdSchema, async ({ conversationId }) => {
      const { message } = await closeConversation(ctx, { conversationId, by: { kind: "agent", actor: me } });
      deliverMessage(io, message);
      deliverStatus(io, { conversationId, status: "closed", agentName: null });
      return { ok: true };
    });
  });
}
