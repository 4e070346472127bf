import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Fixed-window counters in the database, so every instance counts against the same limit. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true, precision: 3 }).notNull(),
  count: integer("count").notNull(),
});
