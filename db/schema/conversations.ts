import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { conversationStatuses, messageSenders } from "./enums";

/** A chat: with the bot first, then perhaps an agent. Owned by a customer or a visitor id. */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").references(() => users.id),
    // Visitors are known only by a server-signed random id kept in a cookie.
    visitorId: text("visitor_id"),
    status: text("status", { enum: conversationStatuses }).notNull(),
    agentId: uuid("agent_id").references(() => users.id),
    // The last sequence number handed out: messages are numbered 1, 2, 3 … per conversation.
    lastSeq: integer("last_seq").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("conversations_customer_idx").on(t.customerId), index("conversations_visitor_idx").on(t.visitorId)],
);

export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    seq: integer("seq").notNull(),
    // The sender's own id for the message: a retry carries the same one and is not stored twice.
    clientId: text("client_id").notNull(),
    sender: text("sender", { enum: messageSenders }).notNull(),
    senderId: uuid("sender_id").references(() => users.id),
    // NOTE: customers write personal data into chats: the text is encrypted at rest.
    bodyEnc: text("body_enc").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("chat_messages_seq_key").on(t.conversationId, t.seq),
    uniqueIndex("chat_messages_client_key").on(t.conversationId, t.clientId),
  ],
);

export type Conversation = typeof conversations.$inferSelect;
export type ChatMessage = typeof chatMessages.$inferSelect;
