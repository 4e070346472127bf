import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Append-only and hash-chained: the migration adds triggers that refuse UPDATE and DELETE.
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_log_object_idx").on(t.objectType, t.objectId)],
);

export type AuditRow = typeof auditLog.$inferSelect;
