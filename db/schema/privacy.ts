import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { privacyRequestStatuses } from "./enums";

/** A customer's request to close the account and erase their data (PIPL art. 47), tracked to its end. */
export const privacyRequests = pgTable(
  "privacy_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The acceptance number the customer and the desk quote (TL20261128000123).
    number: text("number").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: privacyRequestStatuses }).notNull(),
    // What the customer wrote as their reason (optional): encrypted like every customer text.
    reasonEnc: text("reason_enc"),
    // Why the bank refused, shown to the customer: encrypted, it may quote them.
    refusalEnc: text("refusal_enc"),
    handledBy: uuid("handled_by").references(() => users.id),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [uniqueIndex("privacy_requests_number_key").on(t.number), index("privacy_requests_status_idx").on(t.status, t.dueAt), index("privacy_requests_customer_idx").on(t.customerId)],
);

export type PrivacyRequest = typeof privacyRequests.$inferSelect;
export type PrivacyRequestStatus = PrivacyRequest["status"];
