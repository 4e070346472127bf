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
    // Who investigated first: a review (核查) goes to someone else.
    firstInvestigatorId: uuid("first_investigator_id").references(() => users.id),
    // NOTE: the resolution on the table (remedy and the written response) — ciphertext of the JSON.
    resolutionEnc: text("resolution_enc"),
    proposedBy: uuid("proposed_by").references(() => users.id),
    // When the approved resolution went out (the decision), and when the customer answered it.
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    reopenCount: integer("reopen_count").notNull().default(0),
    // The decision allowance in calendar days: 15, extendable to 30 and 60.
    allowanceDays: integer("allowance_days").notNull().default(15),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull(),
    // A complaint started in the chat keeps its conversation, for the transcript.
    conversationId: uuid("conversation_id").references(() => conversations.id),
    // A review asked for after the complaint was archived is a case of its own, linked here to
    // the archived one. (No foreign key: a restore inserts complaints in key order, not by age.)
    reviewOfId: uuid("review_of_id"),
    // Supervisors are alerted once when the decision is overdue.
    overdueAlertedAt: timestamp("overdue_alerted_at", { withTimezone: true, precision: 3 }),
    // Archived: read-only from then on; the content hash is also in the audit trail.
    archivedAt: timestamp("archived_at", { withTimezone: true, precision: 3 }),
    retainUntil: timestamp("retain_until", { withTimezone: true, precision: 3 }),
    contentHash: text("content_hash"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("complaints_number_key").on(t.number),
    index("complaints_customer_idx").on(t.customerId, t.acceptedAt),
    index("complaints_queue_idx").on(t.status, t.dueAt),
    index("complaints_accepted_idx").on(t.acceptedAt),
    index("complaints_decided_idx").on(t.decidedAt),
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

/** Files the customer (or an agent on their behalf) sent with the complaint. */
export const complaintAttachments = pgTable(
  "complaint_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type", { enum: ["application/pdf", "image/jpeg", "image/png"] }).notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("complaint_attachments_complaint_idx").on(t.complaintId), uniqueIndex("complaint_attachments_storage_key").on(t.storageKey)],
);

export type Complaint = typeof complaints.$inferSelect;
export type ComplaintEventRow = typeof complaintEvents.$inferSelect;
export type ComplaintAttachment = typeof complaintAttachments.$inferSelect;
export type ComplaintChannel = (typeof complaintChannels)[number];
export type ComplaintCategory = (typeof complaintCategories)[number];
export type ComplaintBusinessLine = (typeof complaintBusinessLines)[number];
export type ComplaintSeverity = (typeof complaintSeverities)[number];
