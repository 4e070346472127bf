import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Admin-editable settings (approval chains, the large-transfer threshold), one JSON value a key. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
});

/**
 * The admin's holiday table: dates the maintained calendar package does not cover (later years)
 * or gets wrong. A year counts as covered only once it is listed in `calendar_years`.
 */
export const calendarDays = pgTable("calendar_days", {
  date: text("date").primaryKey(),
  kind: text("kind", { enum: ["holiday", "workday"] }).notNull(),
  name: text("name").notNull(),
});

export const calendarYears = pgTable("calendar_years", {
  year: text("year").primaryKey(),
  publishedAt: timestamp("published_at", { withTimezone: true, precision: 3 }).notNull(),
});
