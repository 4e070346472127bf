import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * The transactional outbox: an email is a row written in the same transaction as the change
 * that causes it; workers on any instance claim rows with FOR UPDATE SKIP LOCKED and send them.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // Stable across retries, so a resend is recognisable as the same message.
    messageId: text("message_id").notNull(),
    template: text("template").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    status: text("status", { enum: ["pending", "sent", "dead"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }).notNull(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [uniqueIndex("outbox_message_id_key").on(t.messageId), index("outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/** What the built-in SMTP catcher received (embedded default): read by admins at /admin/mail. */
export const caughtMail = pgTable(
  "caught_mail",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull(),
    messageId: text("message_id"),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
  },
  (t) => [index("caught_mail_received_idx").on(t.receivedAt)],
);

export type OutboxRow = typeof outbox.$inferSelect;
