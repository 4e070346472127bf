import { asc, gt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { auditLog } from "../../db/schema";
import { GENESIS_HASH, hashAuditRow } from "./audit-chain";

export type AuditChainReport =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenSeq: number; reason: "hash" | "link" | "gap" };

/** Recomputes the whole chain in pages and reports the first row that does not hold. */
export async function verifyAuditChain(db: Database, pageSize = 1000): Promise<AuditChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    if (page.length === 0) return { ok: true, rows };
    for (const row of page) {
      if (row.seq !== expectedSeq) return { ok: false, rows, brokenSeq: expectedSeq, reason: "gap" };
      if (row.prevHash !== prevHash) return { ok: false, rows, brokenSeq: row.seq, reason: "link" };
      if (hashAuditRow(prevHash, row) !== row.hash) return { ok: false, rows, brokenSeq: row.seq, reason: "hash" };
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
  }
}
