import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appliedMigrationCount } from "../../db/backup";
import journal from "../../db/migrations/meta/_journal.json";
import { withSomeHistory } from "../support/accounts";
import { tamperWithAuditRow } from "../support/audit";
import { holdDataDir, runTsx } from "../support/processes";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/test-database";

// Each test starts several processes that open the embedded database: on a busy 2-core machine
// that alone can take half a minute, which is no fault of the behaviour under test.
const PROCESS_TEST_TIMEOUT_MS = 120_000;

const kind = testDatabaseKind();
const knownMigrations = journal.entries.length;

describe("embedded database: one process per data folder", { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
  });
  afterAll(() => database?.destroy());

  test("a second process on the same folder refuses to start with a clear message, and may once the first has stopped", async () => {
    const holder = await holdDataDir(database.env.DATA_DIR!);
    let refused;
    try {
      refused = await runTsx("cli/migrate.ts", [], { DATA_DIR: database.env.DATA_DIR! });
    } finally {
      await holder.release();
    }
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The data folder ${database.env.DATA_DIR} is in use by another Trustline process.`);
    expect(refused.stderr).toContain("set DATABASE_URL to run several instances on PostgreSQL");
    expect(refused.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace

    const after = await runTsx("cli/migrate.ts", [], { DATA_DIR: database.env.DATA_DIR! });
    expect(after.stderr).toBe("");
    expect(after).toMatchObject({ code: 0 });
    expect(after.stdout).toContain(`schema up to date, ${knownMigrations} migrations`);
  });
});

describe.runIf(kind === "postgres")("PostgreSQL: instances starting together", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
  });
  afterAll(() => database?.destroy());

  test("two processes migrating one fresh database at once both succeed and apply each migration once", async () => {
    const results = await Promise.all([runTsx("cli/migrate.ts", [], database.env), runTsx("cli/migrate.ts", [], database.env)]);
    for (const result of results) {
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
    const handle = await database.open();
    try {
      expect(await appliedMigrationCount(handle.db)).toBe(knownMigrations);
      const tables = await handle.db.execute(
        sql`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'audit_log'`,
      );
      expect((tables as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
      const triggers = await handle.db.execute(
        sql`select count(*)::int as n from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal`,
      );
      expect((triggers as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(2);
    } finally {
      await handle.close();
    }
  });
});

describe(`audit:verify (${kind})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await withSomeHistory(database);
  });
  afterAll(() => database?.destroy());

  test("exits 0 on an intact trail, and 1 naming the row changed behind the triggers' back", async () => {
    const clean = await runTsx("cli/audit-verify.ts", [], database.env);
    expect(clean).toMatchObject({ code: 0, stderr: "" });
    expect(clean.stdout.trim()).toBe("audit chain intact: 3 rows");

    const handle = await database.open();
    try {
      await tamperWithAuditRow(handle.db, 2, "auth.signed_in");
    } finally {
      await handle.close();
    }
    const broken = await runTsx("cli/audit-verify.ts", [], database.env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe("");
    expect(broken.stderr.trim()).toBe(
      "audit chain broken at row 2 (hash: the row's content no longer matches its hash); 1 rows before it hold",
    );
  });
});
