import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createFileAttachmentStore } from "../../domain/attachments/attachment-store";
import type { DomainContext } from "../../domain/context";
import { loadWorkingDayCalendar } from "../../domain/calendar/load-calendar";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { loadLiveKnowledge } from "../../domain/knowledge/live-knowledge";
import { seedApprovedKnowledge } from "../../domain/knowledge/seed-approved-knowledge";
import { createTestClock, type TestClock } from "./clock";

export type TestDatabaseKind = "pglite" | "postgres";

/** Obviously fake; every test database's personal data is encrypted with it. */
export const TEST_DATA_KEY = "0123456789abcdef".repeat(4);

/** Test databases on a shared server are named with this prefix, so they can be found and dropped. */
export const TEST_DATABASE_PREFIX = "tl_test_";

/** PostgreSQL when TEST_DATABASE_URL names a server, otherwise the embedded PGlite. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
}

export interface TestDatabase {
  kind: TestDatabaseKind;
  /** The environment a Trustline process needs to open this database. */
  env: Record<string, string>;
  /** Opens a connection (PGlite: takes the folder lock, so close it before another process opens it). */
  open(): Promise<DatabaseHandle>;
  /** Removes the database for good. */
  destroy(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: PostgreSQL tests need a server.");
  return url;
}

export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  // FORCE: a pool the test forgot to close must not leave the database behind.
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A new, empty database of the requested kind (unmigrated). */
export async function createTestDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<TestDatabase> {
  if (kind === "postgres") {
    // The run id (from the global setup) lets the end of the run sweep up what a crashed file left.
    const runId = process.env.TL_TEST_RUN_ID ?? "norun";
    const name = `${TEST_DATABASE_PREFIX}${runId}_${crypto.randomBytes(5).toString("hex")}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    return {
      kind,
      env: { DATABASE_URL: databaseUrl, DATA_KEY: TEST_DATA_KEY },
      open: () => openDatabase({ databaseUrl }),
      destroy: () => withAdminClient((client) => dropDatabase(client, name)),
    };
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-test-"));
  const template = process.env.TL_TEST_PGLITE_TEMPLATE;
  if (template) await fs.cp(template, path.join(dataDir, "pgdata"), { recursive: true });
  return {
    kind,
    env: { DATA_DIR: dataDir, DATA_KEY: TEST_DATA_KEY },
    open: () => openDatabase({ dataDir }),
    destroy: () => fs.rm(dataDir, { recursive: true, force: true }),
  };
}

/**
 * The domain context the server builds, with the test key and a test clock. The attachment
 * folder is created on the first upload only; `openTestServices` gives it one it removes.
 */
export async function testDomainContext(
  db: Database,
  clock: TestClock,
  attachmentsDir = path.join(os.tmpdir(), `trustline-test-attachments-${crypto.randomBytes(5).toString("hex")}`),
): Promise<DomainContext> {
  await seedApprovedKnowledge(db, clock.now());
  return {
    db,
    cipher: createPiiCipher([TEST_DATA_KEY]),
    calendar: await loadWorkingDayCalendar(db),
    knowledge: await loadLiveKnowledge(db),
    publicUrl: "http://127.0.0.1:3000",
    attachments: createFileAttachmentStore({ dir: attachmentsDir, dataKeyHex: TEST_DATA_KEY }),
    now: clock.now,
  };
}

export interface TestServices {
  kind: TestDatabaseKind;
  domain: DomainContext;
  database: DatabaseHandle;
  clock: TestClock;
  testDatabase: TestDatabase;
  /** The folder of `domain.attachments`, removed with the rest. */
  attachmentsDir: string;
  cleanup(): Promise<void>;
}

/**
 * A migrated database with the domain context the server would build, except for a fixed test
 * key and a clock the test controls. One per test file: each PGlite costs a few hundred MB.
 */
export async function openTestServices(options: { kind?: TestDatabaseKind } = {}): Promise<TestServices> {
  const testDatabase = await createTestDatabase(options.kind);
  let database: DatabaseHandle | undefined;
  try {
    database = await testDatabase.open();
    await migrateDatabase(database);
  } catch (error) {
    await database?.close();
    await testDatabase.destroy();
    throw error;
  }
  const clock = createTestClock();
  const attachmentsDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-test-attachments-"));
  const domain = await testDomainContext(database.db, clock, attachmentsDir);
  let cleaned = false;
  return {
    kind: testDatabase.kind,
    domain,
    database,
    clock,
    testDatabase,
    attachmentsDir,
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      try {
        await database.close();
      } finally {
        await fs.rm(attachmentsDir, { recursive: true, force: true });
        await testDatabase.destroy();
      }
    },
  };
}
