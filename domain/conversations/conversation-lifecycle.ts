import type { Conversation } from "../../db/schema";
import { AppError } from "../errors";

export type ConversationStatus = Conversation["status"];

/**
 * The live-chat lifecycle: every change of a conversation's status goes through `nextStatus`,
 * so neither the desk, the customer's side nor the bot can move a chat along a path this table
 * does not have.
 */
export type ConversationEvent = "handoff" | "claim" | "transfer" | "unattended" | "close";

const TRANSITIONS: Record<ConversationEvent, Partial<Record<ConversationStatus, ConversationStatus>>> = {
  handoff: { bot: "waiting" },
  claim: { waiting: "active" },
  transfer: { active: "active" },
  // Every agent went away before anyone took the chat: back to the bot, which offers to take a message.
  unattended: { waiting: "bot" },
  close: { bot: "closed", waiting: "closed", active: "closed" },
};

/** The statuses an event may start from (for a conditional UPDATE … WHERE status IN …). */
export function statusesFor(event: ConversationEvent): ConversationStatus[] {
  return Object.keys(TRANSITIONS[event]) as ConversationStatus[];
}

export function canTransition(status: ConversationStatus, event: ConversationEvent): boolean {
  return TRANSITIONS[event][status] !== undefined;
}

export const invalidChatState = (message: string) => new AppError("CONFLICT", { message, userMessage: "desk_chat.error.invalid_state" });

export function nextStatus(status: ConversationStatus, event: ConversationEvent): ConversationStatus {
  const next = TRANSITIONS[event][status];
  if (!next) throw invalidChatState(`conversation in status ${status} cannot take event ${event}`);
  return next;
}
