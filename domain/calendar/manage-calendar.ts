import { eq } from "drizzle-orm";
import { z } from "zod";
import { calendarDays, calendarYears } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { recheckReviewDeadlines } from "../service-requests/scan-review-deadlines";
import { settleOpenDueTimes } from "../service-requests/settle-due-times";
import { chineseDaysData } from "./load-calendar";
import { packageCalendarSource } from "./package-calendar";

// The admin's holiday table (ARCHITECTURE: the package covers years up to 2026 only).
export const CalendarDaySchema = z.object({
  date: z
    .string({ error: "error.required" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "calendar.date_invalid")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "calendar.date_invalid"),
  kind: z.enum(["holiday", "workday"], { error: "error.choose_one" }),
  name: z.string({ error: "error.required" }).trim().min(1, "error.required").max(60, "error.too_long"),
});

export const CalendarYearSchema = z.object({
  year: z.coerce.number({ error: "calendar.year_invalid" }).int("calendar.year_invalid").min(2000, "calendar.year_invalid").max(2100, "calendar.year_invalid"),
});

export async function findCalendarTable(ctx: DomainContext) {
  const [days, years] = await Promise.all([
    ctx.db.select().from(calendarDays).orderBy(calendarDays.date),
    ctx.db.select().from(calendarYears).orderBy(calendarYears.year),
  ]);
  const packageYears = [...packageCalendarSource(chineseDaysData()).years].sort((a, b) => a - b);
  return { days, years, packageYears: { first: packageYears[0] ?? 0, last: packageYears.at(-1) ?? 0 } };
}

/**
 * Reads the admin's table again — after a change here, and every few minutes on every instance
 * for changes made on another. When working days moved, so did the moment each open review turns
 * at risk: the deadline scan looks at them all again.
 */
export async function refreshCalendar(ctx: DomainContext): Promise<void> {
  if (await ctx.calendar.reload()) await recheckReviewDeadlines(ctx);
}

export async function setCalendarDay(ctx: DomainContext, input: { actorId: string } & z.output<typeof CalendarDaySchema>) {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, input.date));
    await tx
      .insert(calendarDays)
      .values({ date: input.date, kind: input.kind, name: input.name })
      .onConflictDoUpdate({ target: calendarDays.date, set: { kind: input.kind, name: input.name } });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "calendar.day_set",
      objectType: "calendar_day",
      objectId: input.date,
      before: before ?? null,
      after: { date: input.date, kind: input.kind, name: input.name },
    });
  });
  await refreshCalendar(ctx);
}

export async function removeCalendarDay(ctx: DomainContext, input: { actorId: string; date: string }) {
  await ctx.db.transaction(async (tx) => {
    const removed = await tx.delete(calendarDays).where(eq(calendarDays.date, input.date)).returning();
    if (removed.length === 0) {
      throw new AppError("NOT_FOUND", { message: "no such calendar day", userMessage: "calendar.day_not_found" });
    }
    await recordAudit(tx, { actorId: input.actorId, action: "calendar.day_removed", objectType: "calendar_day", objectId: input.date, before: removed[0] });
  });
  await refreshCalendar(ctx);
}

/**
 * Declares a year's holidays complete: from now on the working-day clock serves that year from
 * the table. Until then, due times reaching into it stay open rather than guessed.
 */
export async function publishCalendarYear(ctx: DomainContext, input: { actorId: string; year: number }) {
  if (ctx.calendar.covers(input.year)) {
    throw new AppError("CONFLICT", { message: "year already covered", userMessage: "calendar.year_covered", field: "year" });
  }
  await ctx.db.transaction(async (tx) => {
    await tx.insert(calendarYears).values({ year: String(input.year), publishedAt: ctx.now() });
    await recordAudit(tx, { actorId: input.actorId, action: "calendar.year_published", objectType: "calendar_year", objectId: String(input.year) });
  });
  await refreshCalendar(ctx);
  await settleOpenDueTimes(ctx, input.actorId);
}
