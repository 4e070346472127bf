import { desc, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { caughtMail } from "../db/schema";

export type CaughtMail = typeof caughtMail.$inferSelect;
export type CaughtMailSummary = Pick<CaughtMail, "id" | "receivedAt" | "toAddress" | "subject">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One page of what the mail catcher received, newest first; `hasMore` when an older page exists. */
export async function findCaughtMail(
  db: Executor,
  options: { page: number; pageSize: number },
): Promise<{ messages: CaughtMailSummary[]; hasMore: boolean }> {
  const rows = await db
    .select({ id: caughtMail.id, receivedAt: caughtMail.receivedAt, toAddress: caughtMail.toAddress, subject: caughtMail.subject })
    .from(caughtMail)
    .orderBy(desc(caughtMail.receivedAt), desc(caughtMail.id))
    .limit(options.pageSize + 1)
    .offset((options.page - 1) * options.pageSize);
  return { messages: rows.slice(0, options.pageSize), hasMore: rows.length > options.pageSize };
}

/** One caught message, or null — also for an id that is not a UUID at all. */
export async function getCaughtMail(db: Executor, id: string): Promise<CaughtMail | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(caughtMail).where(eq(caughtMail.id, id));
  return row ?? null;
}
