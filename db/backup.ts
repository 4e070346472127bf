import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { verifyAuditChain, type AuditChainReport } from "../domain/audit/verify-audit-chain";
import type { PiiCipher } from "../domain/identity/pii-cipher";
import type { Database, Executor } from "./client";
import {
  acceptanceCounters,
  agentPresence,
  auditLog,
  calendarDays,
  calendarYears,
  cannedReplies,
  caughtMail,
  chatMessages,
  complaintAttachments,
  complaintEvents,
  complaints,
  consents,
  conversations,
  knowledgeEntries,
  outbox,
  qualityFollowUps,
  recoveryCodes,
  requestApprovals,
  requestAttachments,
  requestEvents,
  serviceRequests,
  settings,
  slaAlerts,
  surveyAnswers,
  surveyInvitations,
  surveyReviews,
  userRoles,
  users,
  privacyRequests,
} from "./schema";

/**
 * What a backup holds, parents before children so a restore never breaks a foreign key.
 * A new table is backed up by adding it here. Sessions are left out on purpose: they are
 * ephemeral, and a restored copy of them would hand out live logins; so are rate-limit counters.
 * `encrypted` names every column holding PII ciphertext: a restore checks it can read them, and
 * `npm run keys:rotate` rewrites them under the current key.
 * `seededOnStart` tables are filled by the product whenever it starts: a restore replaces their rows.
 */
export const BACKUP_TABLES: { table: PgTable; encrypted?: PgColumn[]; seededOnStart?: true }[] = [
  { table: users, encrypted: [users.mobileEnc, users.totpSecretEnc] },
  { table: userRoles },
  { table: recoveryCodes },
  { table: consents, encrypted: [consents.clientEnc] },
  { table: settings },
  { table: calendarDays },
  { table: calendarYears },
  { table: acceptanceCounters },
  { table: serviceRequests, encrypted: [serviceRequests.detailsEnc] },
  { table: requestEvents, encrypted: [requestEvents.bodyEnc] },
  // NOTE: the rows only: the files themselves live in ATTACHMENTS_DIR and are copied with it.
  { table: requestAttachments },
  { table: requestApprovals },
  { table: slaAlerts },
  { table: outbox },
  { table: caughtMail },
  { table: conversations, encrypted: [conversations.botStateEnc] },
  { table: chatMessages, encrypted: [chatMessages.bodyEnc] },
  { table: agentPresence },
  { table: complaints, encrypted: [complaints.detailsEnc, complaints.resolutionEnc] },
  { table: complaintEvents, encrypted: [complaintEvents.bodyEnc] },
  { table: complaintAttachments },
  { table: privacyRequests, encrypted: [privacyRequests.reasonEnc, privacyRequests.refusalEnc] },
  { table: cannedReplies },
  // Filled with the approved texts whenever the product starts: the backup's copy replaces them.
  { table: knowledgeEntries, seededOnStart: true },
  { table: surveyInvitations },
  { table: surveyAnswers, encrypted: [surveyAnswers.commentEnc] },
  { table: qualityFollowUps, encrypted: [qualityFollowUps.noteEnc, qualityFollowUps.actionEnc] },
  { table: surveyReviews, encrypted: [surveyReviews.noteEnc] },
  { table: auditLog },
];

export const BACKUP_FORMAT = "trustline-backup";
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Migrations applied to the source database: a restore target must know at least as many. */
  migrations: number;
  tables: { name: string; rows: number }[];
}

/** A backup or restore refused for a reason the operator can act on. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

// Keeps one INSERT well below PostgreSQL's 65,535 bind parameters.
const MAX_PARAMS_PER_INSERT = 30_000;
const READ_PAGE_ROWS = 1000;

export interface TableSpec {
  name: string;
  table: PgTable;
  /** JS key → column */
  columns: Record<string, PgColumn>;
  /** SQL column name → JS key */
  keyOfColumn: Map<string, string>;
  primaryKey: { key: string; column: PgColumn }[];
  encryptedKeys: string[];
  seededOnStart: boolean;
}

function specOf(entry: (typeof BACKUP_TABLES)[number]): TableSpec {
  const config = getTableConfig(entry.table);
  const columns = getTableColumns(entry.table) as Record<string, PgColumn>;
  const keyOfColumn = new Map(Object.entries(columns).map(([key, column]) => [column.name, key]));
  const pkColumns = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (pkColumns.length === 0) throw new Error(`Table ${config.name} has no primary key; a backup pages through it by key.`);
  const keyOf = (column: PgColumn) => {
    const key = keyOfColumn.get(column.name);
    if (!key) throw new Error(`Column ${config.name}.${column.name} is not in the table's columns.`);
    return key;
  };
  return {
    name: config.name,
    table: entry.table,
    columns,
    keyOfColumn,
    primaryKey: pkColumns.map((column) => ({ key: keyOf(column), column })),
    encryptedKeys: (entry.encrypted ?? []).map(keyOf),
    seededOnStart: entry.seededOnStart ?? false,
  };
}

/** BACKUP_TABLES with their keys resolved: also what a key rotation walks (ADR 013). */
export const tableSpecs = (): TableSpec[] => BACKUP_TABLES.map(specOf);

/** How many migrations drizzle has recorded in this database (0 before the first). */
export async function appliedMigrationCount(db: Executor): Promise<number> {
  // Two queries: a missing table fails at parse time even behind a CASE.
  const exists = await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!firstRow(exists)?.ok) return 0;
  const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(firstRow(result)?.n ?? 0);
}

async function countRows(db: Executor, table: PgTable): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from ${table}`);
  return Number(firstRow(result)?.n ?? 0);
}

// Both drivers answer raw SQL with { rows }; int4 comes back as a number from both.
function firstRow(result: unknown): Record<string, unknown> | undefined {
  return (result as { rows: Record<string, unknown>[] }).rows[0];
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

function fromJsonValue(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (column.dataType === "date") return new Date(value as string);
  if (column.dataType === "bigint") return BigInt(value as string);
  return value;
}

async function* tableLines(tx: Executor, spec: TableSpec): AsyncGenerator<string> {
  const pkSql = sql.join(
    spec.primaryKey.map((p) => p.column),
    sql`, `,
  );
  let last: Record<string, unknown> | null = null;
  for (;;) {
    // Keyset paging: stays fast on a long audit trail, where OFFSET would rescan it.
    let after: SQL | undefined;
    if (last) {
      const previous: Record<string, unknown> = last;
      const values = sql.join(
        spec.primaryKey.map((p) => sql.param(previous[p.key], p.column)),
        sql`, `,
      );
      after = sql`(${pkSql}) > (${values})`;
    }
    const page = (await tx
      .select()
      .from(spec.table)
      .where(after)
      .orderBy(...spec.primaryKey.map((p) => p.column))
      .limit(READ_PAGE_ROWS)) as Record<string, unknown>[];
    for (const row of page) {
      const out: Record<string, unknown> = {};
      for (const [key, column] of Object.entries(spec.columns)) out[column.name] = toJsonValue(row[key]);
      yield `${JSON.stringify({ table: spec.name, row: out })}\n`;
    }
    if (page.length < READ_PAGE_ROWS) return;
    last = page[page.length - 1] ?? null;
  }
}

/**
 * Writes a logical backup: gzip'd JSON lines, a header line, then every row of BACKUP_TABLES
 * in order. It reads column values through drizzle, not the driver's wire format, so a
 * backup of the embedded database restores into PostgreSQL and back. All tables are read
 * in one snapshot, so the audit trail and the rows it describes agree.
 * Never overwrites: the file appears complete or not at all.
 */
export async function writeBackup(db: Database, file: string, options: { now?: Date } = {}): Promise<BackupHeader> {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose another file name.`);
  await fsp.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const specs = tableSpecs();
  try {
    const header = await db.transaction(
      async (tx) => {
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_FORMAT_VERSION,
          createdAt: (options.now ?? new Date()).toISOString(),
          migrations: await appliedMigrationCount(tx),
          tables: [],
        };
        for (const spec of specs) header.tables.push({ name: spec.name, rows: await countRows(tx, spec.table) });
        async function* lines() {
          yield `${JSON.stringify(header)}\n`;
          for (const spec of specs) yield* tableLines(tx, spec);
        }
        await pipeline(lines, zlib.createGzip(), fs.createWriteStream(partial));
        return header;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    // link() refuses to replace a file that appeared meanwhile; rename() would not.
    await fsp.link(partial, file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") throw new BackupError(`${file} already exists; choose another file name.`);
      throw error;
    });
    return header;
  } finally {
    await fsp.rm(partial, { force: true });
  }
}

function parseHeader(line: string | undefined, file: string): BackupHeader {
  let header: Partial<BackupHeader> | null;
  try {
    header = line ? (JSON.parse(line) as Partial<BackupHeader>) : null;
  } catch {
    header = null;
  }
  if (!header || header.format !== BACKUP_FORMAT || !Array.isArray(header.tables)) {
    throw new BackupError(`${file} is not a Trustline backup (its first line is not a backup header).`);
  }
  if (header.version !== BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `${file} is a backup in format version ${String(header.version)}; this Trustline reads version ${BACKUP_FORMAT_VERSION}.`,
    );
  }
  return header as BackupHeader;
}

async function* readLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) if (line.trim() !== "") yield line;
  } catch (error) {
    throw new BackupError(`${file} cannot be read as a gzip'd backup: ${(error as Error).message}`);
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Reads only the header line of a backup file. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist.`);
  for await (const line of readLines(file)) return parseHeader(line, file);
  return parseHeader(undefined, file);
}

export interface RestoreReport {
  header: BackupHeader;
  tables: { name: string; rows: number }[];
  auditChain: AuditChainReport;
}

/**
 * Restores a backup into a migrated, empty database in one transaction: on any problem
 * nothing is written. `cipher` is the target's PII key; a backup whose personal data it
 * cannot read is refused rather than restored into an installation that could never show it.
 */
export async function restoreBackup(db: Database, file: string, options: { cipher: PiiCipher }): Promise<RestoreReport> {
  const header = await readBackupHeader(file);
  const specs = tableSpecs();
  const specByName = new Map(specs.map((s) => [s.name, s]));
  for (const t of header.tables) {
    if (!specByName.has(t.name)) {
      throw new BackupError(`The backup holds a table this Trustline does not know (${t.name}); restore it with the version that made it.`);
    }
  }
  const targetMigrations = await appliedMigrationCount(db);
  if (header.migrations > targetMigrations) {
    throw new BackupError(
      `The backup comes from a newer schema (${header.migrations} migrations) than this database (${targetMigrations}); ` +
        `upgrade Trustline and migrate first.`,
    );
  }

  const restored = new Map<string, number>();
  await db.transaction(async (tx) => {
    for (const spec of specs) {
      if (spec.seededOnStart) {
        await tx.delete(spec.table);
        continue;
      }
      const [any] = await tx.select().from(spec.table).limit(1);
      if (any) {
        throw new BackupError(
          `The target database is not empty (table ${spec.name} has rows). ` +
            `Restore only into a freshly created database; nothing was changed.`,
        );
      }
    }

    let keyChecked = false;
    let batchSpec: TableSpec | null = null;
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      if (batchSpec && batch.length > 0) await tx.insert(batchSpec.table).values(batch as never);
      batch = [];
    };
    let first = true;
    for await (const line of readLines(file)) {
      if (first) {
        first = false; // the header, already checked
        continue;
      }
      const { table: name, row } = JSON.parse(line) as { table: string; row: Record<string, unknown> };
      const spec = specByName.get(name);
      if (!spec) throw new BackupError(`The backup holds rows of an unknown table (${name}).`);
      if (spec !== batchSpec) {
        await flush();
        batchSpec = spec;
      }
      const values: Record<string, unknown> = {};
      for (const [columnName, value] of Object.entries(row)) {
        const key = spec.keyOfColumn.get(columnName);
        if (!key) throw new BackupError(`The backup holds a column this Trustline does not know (${name}.${columnName}).`);
        values[key] = fromJsonValue(spec.columns[key]!, value);
      }
      if (!keyChecked) {
        const sample = spec.encryptedKeys.map((k) => values[k]).find((v): v is string => typeof v === "string");
        if (sample !== undefined) {
          try {
            options.cipher.decrypt(sample);
          } catch {
            throw new BackupError(
              "The personal data in this backup was encrypted with a different data key than this installation's. " +
                "Set DATA_KEY to the key of the installation that made the backup (for the embedded database, " +
                "the contents of its DATA_DIR/data.key) and restore again; nothing was changed.",
            );
          }
          keyChecked = true;
        }
      }
      batch.push(values);
      restored.set(name, (restored.get(name) ?? 0) + 1);
      const perInsert = Math.max(1, Math.floor(MAX_PARAMS_PER_INSERT / Object.keys(spec.columns).length));
      if (batch.length >= Math.min(perInsert, 1000)) await flush();
    }
    await flush();

    for (const t of header.tables) {
      const got = restored.get(t.name) ?? 0;
      if (got !== t.rows) {
        throw new BackupError(
          `The backup is incomplete: its header promises ${t.rows} rows of ${t.name}, the file holds ${got}; nothing was changed.`,
        );
      }
    }
    for (const spec of specs) await resetSequences(tx, spec);
  });

  return {
    header,
    tables: specs.map((s) => ({ name: s.name, rows: restored.get(s.name) ?? 0 })),
    auditChain: await verifyAuditChain(db),
  };
}

/** Serial columns got explicit values; their sequences must continue after the highest one. */
async function resetSequences(tx: Executor, spec: TableSpec): Promise<void> {
  for (const column of Object.values(spec.columns)) {
    if (column.dataType !== "number" && column.dataType !== "bigint") continue;
    const tableName = `"${spec.name}"`;
    await tx.execute(sql`
      select setval(pg_get_serial_sequence(${tableName}, ${column.name}),
                    coalesce((select max(${column}) from ${spec.table}), 0) + 1, false)
      where pg_get_serial_sequence(${tableName}, ${column.name}) is not null`);
  }
}

/** backups/trustline-2026-11-29T02-41-41Z.jsonl.gz */
export function defaultBackupFile(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
  return path.join("backups", `trustline-${stamp}.jsonl.gz`);
}
