import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "./chat-schemas";

// Payloads of the live-chat events of both sides (docs/chat-protocol.md).
export const NoPayloadSchema = z.object({});

export const ConversationIdSchema = z.object({ conversationId: z.uuid() });

export const TypingSchema = z.object({ conversationId: z.uuid(), typing: z.boolean() });

export const PresenceSchema = z.object({ status: z.enum(["online", "away"]) });

export const TransferSchema = z.object({
  conversationId: z.uuid(),
  toAgentId: z.uuid(),
  note: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
});
