import { and, eq, gt, isNotNull, not, or, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { tableSpecs, type TableSpec } from "../../db/backup";
import type { DatabaseHandle } from "../../db/client";
import { complaintEvents, complaints } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { PiiCipher } from "./pii-cipher";
import { revealNotesUnderOldKeys } from "./reveal-trail";

// Arbitrary but fixed, like the migration lock: two rotations queue instead of interleaving.
const KEY_ROTATION_LOCK_KEY = 727_003;
const DEFAULT_BATCH_ROWS = 500;

/**
 * Rows the database itself keeps read-only: an archived complaint and its timeline (ADR 007),
 * and the reveal notes in the audit trail. Their ciphertext stays under the key that wrote it;
 * ADR 013 says why, and the report names the keys they still need.
 */
const SEALED_ROWS = new Map<PgTable, SQL>([
  [complaints, sql`${complaints.archivedAt} is not null`],
  [
    complaintEvents,
    sql`exists (select 1 from ${complaints} where ${complaints.id} = ${complaintEvents.complaintId} and ${complaints.archivedAt} is not null)`,
  ],
]);

export interface KeyRotationReport {
  keyId: string;
  tables: { name: string; rewritten: number; sealed: number }[];
  rewritten: number;
  /** Old keys that read-only values still need, by key id: keep them until those values' retention ends. */
  stillNeeded: Record<string, number>;
}

/**
 * Re-encrypts every encrypted column of BACKUP_TABLES under the cipher's current key, a batch
 * per transaction. Only values under another key are read, so a second run, or a run after an
 * interrupted one, carries on where the last stopped and rewrites nothing twice. Ends with one
 * `data.keys_rotated` audit entry holding counts, never values.
 */
export async function rotateDataKeys(options: {
  database: Pick<DatabaseHandle, "db" | "withAdvisoryLock">;
  cipher: PiiCipher;
  batchRows?: number;
  onBatch?: (progress: { table: string; rewritten: number }) => void;
}): Promise<KeyRotationReport> {
  const { database, cipher } = options;
  return database.withAdvisoryLock(KEY_ROTATION_LOCK_KEY, async () => {
    const report: KeyRotationReport = { keyId: cipher.currentKeyId, tables: [], rewritten: 0, stillNeeded: {} };
    for (const spec of tableSpecs()) {
      if (spec.encryptedKeys.length === 0) continue;
      const rewritten = await rewriteTable(database.db, cipher, spec, options);
      const sealed = await tallySealed(database.db, cipher, spec, report.stillNeeded);
      report.tables.push({ name: spec.name, rewritten, sealed });
      report.rewritten += rewritten;
    }
    const notes = await revealNotesUnderOldKeys(database.db, cipher);
    report.tables.push({ name: "audit_log", rewritten: 0, sealed: Object.values(notes).reduce((sum, n) => sum + n, 0) });
    for (const [keyId, count] of Object.entries(notes)) report.stillNeeded[keyId] = (report.stillNeeded[keyId] ?? 0) + count;
    await database.db.transaction((tx) =>
      recordAudit(tx, {
        actorId: null,
        action: "data.keys_rotated",
        objectType: "data_key",
        objectId: report.keyId,
        after: { rewritten: report.rewritten, tables: report.tables, stillNeeded: report.stillNeeded },
      }),
    );
    return report;
  });
}

type Db = DatabaseHandle["db"];

/** A value under any key but the current one. */
function staleValues(cipher: PiiCipher, spec: TableSpec): SQL {
  const current = `v2.${cipher.currentKeyId}.%`;
  const stale = spec.encryptedKeys.map((key) => {
    const column = spec.columns[key]!;
    return and(isNotNull(column), not(sql`${column} like ${current}`))!;
  });
  return or(...stale)!;
}

function singlePrimaryKey(spec: TableSpec): TableSpec["primaryKey"][number] {
  const [pk, ...rest] = spec.primaryKey;
  if (!pk || rest.length > 0) throw new Error(`Table ${spec.name} holds ciphertext but has no single-column primary key.`);
  return pk;
}

async function rewriteTable(
  db: Db,
  cipher: PiiCipher,
  spec: TableSpec,
  options: { batchRows?: number; onBatch?: (progress: { table: string; rewritten: number }) => void },
): Promise<number> {
  const pk = singlePrimaryKey(spec);
  const sealed = SEALED_ROWS.get(spec.table);
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const fields = Object.fromEntries([pk.key, ...spec.encryptedKeys].map((key) => [key, spec.columns[key]!]));
  let rewritten = 0;
  let after: unknown = undefined;
  for (;;) {
    const batch = (await db
      .select(fields)
      .from(spec.table)
      .where(and(staleValues(cipher, spec), sealed ? not(sealed) : undefined, after === undefined ? undefined : gt(pk.column, after)))
      .orderBy(pk.column)
      .limit(batchRows)) as Record<string, unknown>[];
    if (batch.length === 0) return rewritten;
    after = batch.at(-1)![pk.key];
    rewritten += await db.transaction(async (tx) => {
      let updated = 0;
      for (const row of batch) {
        const changes: Record<string, string> = {};
        const unchanged: SQL[] = [eq(pk.column, row[pk.key])];
        for (const key of spec.encryptedKeys) {
          const stored = row[key];
          if (typeof stored !== "string" || cipher.keyIdOf(stored) === cipher.currentKeyId) continue;
          changes[key] = cipher.encrypt(cipher.decrypt(stored));
          // A value the product rewrote meanwhile is already under the current key: left as it is.
          unchanged.push(eq(spec.columns[key]!, stored));
        }
        const done = await tx
          .update(spec.table)
          .set(changes as never)
          .where(and(...unchanged))
          .returning({ pk: pk.column });
        updated += done.length;
      }
      return updated;
    });
    options.onBatch?.({ table: spec.name, rewritten });
  }
}

/** Counts the sealed rows still under an old key, adding the keys they need to `stillNeeded`. */
async function tallySealed(db: Db, cipher: PiiCipher, spec: TableSpec, stillNeeded: Record<string, number>): Promise<number> {
  const sealed = SEALED_ROWS.get(spec.table);
  if (!sealed) return 0;
  const fields = Object.fromEntries(spec.encryptedKeys.map((key) => [key, spec.columns[key]!]));
  const rows = (await db.select(fields).from(spec.table).where(and(staleValues(cipher, spec), sealed))) as Record<string, unknown>[];
  for (const row of rows) {
    for (const key of spec.encryptedKeys) {
      const stored = row[key];
      if (typeof stored !== "string") continue;
      const keyId = cipher.keyIdOf(stored);
      if (keyId !== cipher.currentKeyId) stillNeeded[keyId] = (stillNeeded[keyId] ?? 0) + 1;
    }
  }
  return rows.length;
}
