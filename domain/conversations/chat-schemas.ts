import { z } from "zod";

/** At most this much text in one chat message. */
export const MAX_MESSAGE_CHARS = 2000;

// Socket payloads are checked like form posts: anything a client can send gets a clear error.
export const SendMessageSchema = z.object({
  conversationId: z.uuid(),
  clientId: z.string().min(8).max(64).regex(/^[\w-]+$/),
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
});

export const ResumeSchema = z.object({
  conversationId: z.uuid(),
  afterSeq: z.number().int().min(0).default(0),
});
