import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import * as schema from "../../db/schema";

// Counters that a refused request may legitimately bump: the rate limit counts attempts, good
// or bad, and is not part of what a request asks to change.
const COUNTERS = ["rate_limits"];

/**
 * A cheap picture of everything stored, in one query: the row count of every table and the
 * newest link of the audit chain. Two equal fingerprints mean no row was added or removed and
 * nothing was audited.
 */
export async function databaseFingerprint(db: Database, options: { ignore?: string[] } = {}): Promise<Record<string, string>> {
  const ignore = new Set([...COUNTERS, ...(options.ignore ?? [])]);
  const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable) && !ignore.has(getTableName(t)));
  const counts = tables.map((t) => sql`(select count(*) from ${t}) as ${sql.identifier(getTableName(t))}`);
  const lastHash = sql`(select ${schema.auditLog.hash} from ${schema.auditLog} order by ${schema.auditLog.seq} desc limit 1) as "audit_log.last_hash"`;
  const result = await db.execute(sql`select ${sql.join([...counts, lastHash], sql`, `)}`);
  // The drivers differ in how they return a count (number or string): compare as text.
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value ?? "")]));
}
