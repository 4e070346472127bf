import { desc, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { auditLog } from "../../db/schema";
import { GENESIS_HASH, hashAuditRow } from "./audit-chain";

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

/**
 * Appends one entry to the hash-chained audit trail. Call it inside the transaction of the
 * change it records, so that the change and its record commit or vanish together.
 */
export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision, as the column stores it, so the hash recomputes exactly.
  const at = new Date(Date.now());
  const row = {
    seq,
    at,
    actorId: entry.actorId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
  await tx.insert(auditLog).values({ ...row, prevHash, hash: hashAuditRow(prevHash, row) });
}
