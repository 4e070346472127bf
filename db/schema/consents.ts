import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { consentChannels, consentPurposes } from "./enums";

/**
 * A customer's separate consent to one purpose under one version of the privacy notice. A new
 * notice version needs a new row; withdrawing stamps `withdrawn_at` and keeps the row as proof.
 */
export const consents = pgTable(
  "consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    purpose: text("purpose", { enum: consentPurposes }).notNull(),
    noticeVersion: text("notice_version").notNull(),
    channel: text("channel", { enum: consentChannels }).notNull(),
    // The member of staff who took a verbal consent down; null when the customer ticked it.
    recordedBy: uuid("recorded_by").references(() => users.id),
    // Evidence of the portal session that gave it (IP address and user agent), encrypted.
    clientEnc: text("client_enc"),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
  },
  (t) => [
    index("consents_user_idx").on(t.userId),
    // At most one consent in force per customer, purpose and notice version, even under
    // concurrent submissions.
    uniqueIndex("consents_in_force_key").on(t.userId, t.purpose, t.noticeVersion).where(sql`${t.withdrawnAt} is null`),
  ],
);

export type Consent = typeof consents.$inferSelect;
export type ConsentPurpose = (typeof consentPurposes)[number];
export type ConsentChannel = (typeof consentChannels)[number];
