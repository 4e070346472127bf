import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { accountKinds, locales, staffRoles } from "./enums";


export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: accountKinds }).notNull(),
    name: text("name").notNull(),
    // Stored lower-cased; the sign-in key.
    email: text("email").notNull(),
    // NOTE: personal data — AES-256-GCM ciphertext, never the plain number.
    mobileEnc: text("mobile_enc"),
    // The blind index of the same number (pii-cipher `blindIndex`): the desk finds a caller by it.
    mobileIndex: text("mobile_index"),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale", { enum: locales }),
    // Staff only: the branch they work at, for reports by branch.
    branch: text("branch"),
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    // The last accepted TOTP time step: a code is good only once.
    totpLastStep: integer("totp_last_step"),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // Set when the customer's data was erased at their request: the row is then a tombstone, and
    // what the law makes the bank keep (requests, complaints) is kept until `retained_until`,
    // hidden from every desk, dashboard and export.
    erasedAt: timestamp("erased_at", { withTimezone: true, precision: 3 }),
    retainedUntil: timestamp("retained_until", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`), index("users_mobile_index_idx").on(t.mobileIndex)],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: staffRoles }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const recoveryCodes = pgTable("recovery_codes", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  codeHash: text("code_hash").notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type StaffRole = (typeof staffRoles)[number];
export type Locale = (typeof locales)[number];
export type AccountKind = (typeof accountKinds)[number];
