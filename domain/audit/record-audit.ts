import { desc, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { auditLog } from "../../db/schema";
import { GENESIS_HASH, hashAuditRow, type AuditContent } from "./audit-chain";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  before?: unknown;
  after?: unknown;
}

// Serialises writers of the chain for the rest of their transaction.
const AUDIT_CHAIN_LOCK_KEY = 727_002;

// The entry this process appended last. The next append, once it holds the lock, links to it
// in one statement that checks it still ends the chain; when it does not (another instance
// appended since, or its transaction rolled back) the end is read and linked to instead.
let lastAppended: { seq: number; hash: string } | null = null;

/**
 * Appends one entry to the hash-chained audit trail. Call it inside the transaction of the
 * change it records, so that the change and its record commit or vanish together.
 */
export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  // Millisecond precision, as the column stores it, so the hash recomputes exactly.
  const at = new Date(Date.now());
  const content = (seq: number): AuditContent => ({
    seq,
    at,
    actorId: entry.actorId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  const guess = lastAppended;
  if (guess && (await appendAfter(tx, guess, content(guess.seq + 1)))) return;
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const row = content((last?.seq ?? 0) + 1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = hashAuditRow(prevHash, row);
  await tx.insert(auditLog).values({ ...row, prevHash, hash });
  lastAppended = { seq: row.seq, hash };
}

/** Appends `row` if `previous` is the chain's last entry; false (nothing written) otherwise. */
async function appendAfter(tx: Executor, previous: { seq: number; hash: string }, row: AuditContent): Promise<boolean> {
  const hash = hashAuditRow(previous.hash, row);
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  const result = await tx.execute(sql`
    insert into ${auditLog} (seq, at, actor_id, action, object_type, object_id, before, after, prev_hash, hash)
    select ${row.seq}::bigint, ${row.at.toISOString()}::timestamptz, ${row.actorId}::text, ${row.action}::text, ${row.objectType}::text,
      ${row.objectId}::text, ${json(row.before)}::jsonb, ${json(row.after)}::jsonb, ${previous.hash}::text, ${hash}::text
    where exists (select 1 from ${auditLog} where seq = ${previous.seq} and hash = ${previous.hash})
      and not exists (select 1 from ${auditLog} where seq > ${previous.seq})
    returning seq`);
  if ((result as unknown as { rows: unknown[] }).rows.length === 0) return false;
  lastAppended = { seq: row.seq, hash };
  return true;
}
