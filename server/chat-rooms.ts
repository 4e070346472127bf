import type { Server } from "socket.io";
import type { DeliveredMessage } from "../domain/conversations/conversations";
import type { Conversation } from "../db/schema";

/**
 * Where chat events go, for both sides: the customer's sockets (namespace /chat) and the
 * agents' (namespace /desk). One place, so a message, a status change or typing reaches every
 * tab on every instance (the adapter carries room emits across instances).
 */
export const chatRoom = (conversationId: string) => `conversation:${conversationId}`;
export const deskConversationRoom = (conversationId: string) => `desk-conversation:${conversationId}`;
/** Every connected agent: queue changes and presence. */
export const AGENTS_ROOM = "agents";
export const agentRoom = (userId: string) => `agent:${userId}`;

/** A stored message to both sides; an internal note to the agents only. */
export function deliverMessage(io: Server, message: DeliveredMessage): void {
  if (!message.internal) io.of("/chat").to(chatRoom(message.conversationId)).emit("chat:message", message);
  io.of("/desk").to(deskConversationRoom(message.conversationId)).emit("desk:message", message);
}

export interface StatusChange {
  conversationId: string;
  status: Conversation["status"];
  agentName: string | null;
}

/** A conversation changed hands or state: both sides hear it, and every agent's queue refreshes. */
export function deliverStatus(io: Server, change: StatusChange): void {
  io.of("/chat").to(chatRoom(change.conversationId)).emit("chat:status", change);
  io.of("/desk").to(deskConversationRoom(change.conversationId)).emit("desk:status", change);
  io.of("/desk").to(AGENTS_ROOM).emit("desk:queue-changed", {});
}

/** Typing from one side, shown on the other. */
export function deliverTyping(io: Server, from: "customer" | "agent", input: { conversationId: string; typing: boolean }): void {
  if (from === "agent") io.of("/chat").to(chatRoom(input.conversationId)).emit("chat:typing", input);
  else io.of("/desk").to(deskConversationRoom(input.conversationId)).emit("desk:typing", input);
}
