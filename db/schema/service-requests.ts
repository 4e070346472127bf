import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { clockKinds, openRequestStatuses, requestStatuses, requestTypes, slaStates } from "./enums";

/** A request without a due time (its year's calendar not yet published) comes last in the queue. */
export const queueOrder = (dueAt: AnyPgColumn) => sql`coalesce(${dueAt}, 'infinity'::timestamptz)`;


export const serviceRequests = pgTable(
  "service_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The acceptance number the customer sees: TL + China date + 6-digit daily sequence.
    number: text("number").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => users.id),
    type: text("type", { enum: requestTypes }).notNull(),
    status: text("status", { enum: requestStatuses }).notNull(),
    // NOTE: personal data (ID numbers, accounts, income) — AES-256-GCM ciphertext of the JSON.
    detailsEnc: text("details_enc").notNull(),
    // Non-personal facts the queue filters and sorts on.
    amountFen: bigint("amount_fen", { mode: "number" }),
    // HMAC of the mobile number given for tracking without signing in; never the number.
    trackingKey: text("tracking_key").notNull(),
    assigneeId: uuid("assignee_id").references(() => users.id),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    // When the preliminary review first ended (accepted or rejected): its SLA is met or missed then.
    reviewedAt: timestamp("reviewed_at", { withTimezone: true, precision: 3 }),
    clockKind: text("clock_kind", { enum: clockKinds }).notNull(),
    specialReason: text("special_reason"),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }),
    // While the customer is asked for more information the clock stands still.
    clockPausedAt: timestamp("clock_paused_at", { withTimezone: true, precision: 3 }),
    slaState: text("sla_state", { enum: slaStates }).notNull().default("on_track"),
    // When the deadline scan next looks at the request (null: its state cannot change by itself).
    // A trigger sets it to the epoch (due at once) whenever the status, the due time or the pause changes.
    slaCheckAt: timestamp("sla_check_at", { withTimezone: true, precision: 3 }),
    approvalChain: jsonb("approval_chain").$type<string[]>().notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true, precision: 3 }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
    version: integer("version").notNull().default(0),
  },
  (t) => [
    uniqueIndex("service_requests_number_key").on(t.number),
    index("service_requests_customer_idx").on(t.customerId, t.submittedAt),
    // The desk's queue, soonest due first (no due time last), paged by keyset: every open request,
    // and each status on its own.
    index("service_requests_queue_idx")
      .on(queueOrder(t.dueAt), t.submittedAt, t.id)
      .where(sql`${t.status} in (${sql.raw(openRequestStatuses.map((s) => `'${s}'`).join(", "))})`),
    index("service_requests_status_queue_idx").on(t.status, queueOrder(t.dueAt), t.submittedAt, t.id),
    // The deadline scan reads only the requests due for a look.
    index("service_requests_sla_check_idx").on(t.slaCheckAt).where(sql`${t.slaCheckAt} is not null`),
    // The quality dashboard's scans by date read these alone (index-only), not the table.
    index("service_requests_reviewed_idx").on(t.reviewedAt, t.dueAt, t.type, t.reviewedBy),
    index("service_requests_decided_idx").on(t.decidedAt, t.submittedAt, t.type, t.reviewedBy),
  ],
);

export const requestEvents = pgTable(
  "request_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => serviceRequests.id),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    kind: text("kind").notNull(),
    // Public events form the customer's timeline; internal notes never leave the desk.
    public: boolean("public").notNull(),
    // Free text (a question, an answer, a reason) may hold personal data: encrypted.
    bodyEnc: text("body_enc"),
    data: jsonb("data"),
  },
  (t) => [index("request_events_request_idx").on(t.requestId, t.at)],
);

export const requestAttachments = pgTable(
  "request_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => serviceRequests.id),
    eventId: uuid("event_id").references(() => requestEvents.id),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    // Shown on screen and as the download name; the file on disk has a server-chosen name.
    fileName: text("file_name").notNull(),
    contentType: text("content_type", { enum: ["application/pdf", "image/jpeg", "image/png"] }).notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("request_attachments_request_idx").on(t.requestId), uniqueIndex("request_attachments_storage_key").on(t.storageKey)],
);

export const requestApprovals = pgTable(
  "request_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => serviceRequests.id),
    step: integer("step").notNull(),
    role: text("role").notNull(),
    decidedBy: uuid("decided_by")
      .notNull()
      .references(() => users.id),
    decision: text("decision", { enum: ["approved", "rejected"] }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex("request_approvals_step_key").on(t.requestId, t.step)],
);

/** One row a China-time day; bumped atomically, so numbers are unique across instances. */
export const acceptanceCounters = pgTable("acceptance_counters", {
  day: text("day").primaryKey(),
  last: integer("last").notNull(),
});

/** Each SLA alert is sent once per request and state, whichever instance finds it first. */
export const slaAlerts = pgTable(
  "sla_alerts",
  {
    requestId: uuid("request_id")
      .notNull()
      .references(() => serviceRequests.id),
    state: text("state", { enum: slaStates }).notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.state] })],
);

export type ServiceRequest = typeof serviceRequests.$inferSelect;
export type RequestType = (typeof requestTypes)[number];
export type RequestStatus = (typeof requestStatuses)[number];
export type RequestEvent = typeof requestEvents.$inferSelect;
export type RequestAttachment = typeof requestAttachments.$inferSelect;
