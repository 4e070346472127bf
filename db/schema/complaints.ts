import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
// The state table owns the list of statuses; the column accepts exactly those.
import { users } from "./accounts";
import { conversations } from "./conversations";
import { complaintBusinessLines, complaintCategories, complaintChannels, complaintSeverities, complaintStatuses } from "./enums";

export const complaints = pgTable(
  "complaints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The acceptance number, from the same daily sequence as service requests: one number space.
    number: text("number").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => users.id),
    channel: text("channel", { enum: complaintChannels }).notNull(),
    status: text("status", { enum: complaintStatuses }).notNull(),
    category: text("category", { enum: complaintCategories }).notNull(),
    businessLine: text("business_line", { enum: complaintBusinessLines }).notNull(),
    severity: text("severity", { enum: complaintSeverities }).notNull(),
    // NOTE: what happened, who was involved, what the customer asks for — AES-256-GCM ciphertext of the JSON.
    detailsEnc: text("details_enc").notNull(),
    investigatorId: uuid("investigator_id").references(() => users.id),
    reopenCount: integer("reopen_count").notNull().default(0),
    // The decision allowance in calendar days: 15, extendable to 30 and 60.
    allowanceDays: integer("allowance_days").notNull().default(15),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull(),
    // A complaint started in the chat keeps its conversation, for the transcript.
    conversationId: uuid("conversation_id").references(() => conversations.id),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("complaints_number_key").on(t.number),
    index("complaints_customer_idx").on(t.customerId, t.acceptedAt),
    index("complaints_queue_idx").on(t.status, t.dueAt),
  ],
);

export const complaintEvents = pgTable(
  "complaint_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    kind: text("kind").notNull(),
    // Public events form the customer's timeline; internal findings never leave the desk.
    public: boolean("public").notNull(),
    // Free text (findings, a reason, a response) may hold personal data: encrypted.
    bodyEnc: text("body_enc"),
    data: jsonb("data"),
  },
  (t) => [index("complaint_events_complaint_idx").on(t.complaintId, t.at)],
);

export type Complaint = typeof complaints.$inferSelect;
export type ComplaintEventRow = typeof complaintEvents.$inferSelect;
export type ComplaintChannel = (typeof complaintChannels)[number];
export type ComplaintCategory = (typeof complaintCategories)[number];
export type ComplaintBusinessLine = (typeof complaintBusinessLines)[number];
export type ComplaintSeverity = (typeof complaintSeverities)[number];
