import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_CUSTOMERS, DEMO_STAFF } from "../../db/seed";
import { withSomeHistory } from "../support/accounts";
import { runTsx } from "../support/processes";
import { createTestDatabase, TEST_DATA_KEY, testDatabaseKind, type TestDatabase } from "../support/test-database";

// Each test starts several processes that open the embedded database: on a busy 2-core machine
// that alone can take half a minute, which is no fault of the behaviour under test.
const PROCESS_TEST_TIMEOUT_MS = 120_000;

const kind = testDatabaseKind();

describe(`operator commands (${kind})`, { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let demo: TestDatabase;
  let workDir: string;
  beforeAll(async () => {
    [source, target, demo] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-cli-test-"));
    await withSomeHistory(source);
  });
  afterAll(async () => {
    await Promise.all([source?.destroy(), target?.destroy(), demo?.destroy()]);
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  test("backup and restore report what they did, and a second restore is refused", async () => {
    const file = path.join(workDir, "trustline.jsonl.gz");
    const backup = await runTsx("cli/backup.ts", [file], source.env);
    expect(backup).toMatchObject({ code: 0, stderr: "" });
    expect(backup.stdout).toContain(`written to ${file}`);
    expect(backup.stdout).toMatch(/users +2 rows/);
    expect(backup.stdout).toMatch(/audit_log +3 rows/);
    expect(backup.stdout).toContain("keep the key safe");

    const restore = await runTsx("cli/restore.ts", [file], target.env);
    expect(restore).toMatchObject({ code: 0, stderr: "" });
    expect(restore.stdout).toMatch(/users +2 rows/);
    expect(restore.stdout).toContain("audit chain intact: 3 rows");

    const again = await runTsx("cli/restore.ts", [file], target.env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      "The target database is not empty (table users has rows). Restore only into a freshly created database; nothing was changed.",
    );
  });

  test("db:seed adds the demo accounts once and lists them", async () => {
    const first = await runTsx("cli/seed.ts", [], demo.env);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain(`created ${DEMO_STAFF.length + DEMO_CUSTOMERS.length} demo account(s)`);
    expect(first.stdout).toContain("Demo accounts (password for all:");
    const second = await runTsx("cli/seed.ts", [], demo.env);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toContain("every demo account already exists");
  });

  test("db:seed refuses a database with real accounts, and any production installation", async () => {
    const withAccounts = await runTsx("cli/seed.ts", [], source.env);
    expect(withAccounts.code).toBe(1);
    expect(withAccounts.stderr).toContain("already holds real accounts");
    const production = await runTsx("cli/seed.ts", [], { ...demo.env, NODE_ENV: "production" });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain("Refusing to add demo accounts");
  });

  test("read-only commands refuse a database that does not exist rather than create one", async () => {
    const missing = path.join(workDir, "no-such-folder");
    const result = await runTsx("cli/audit-verify.ts", [], { DATA_DIR: missing });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`There is no embedded database in ${missing}; check DATA_DIR (or set DATABASE_URL).`);
    await expect(fs.stat(missing)).rejects.toThrow();
  });

  test("a bad environment is reported variable by variable", async () => {
    const result = await runTsx("cli/backup.ts", [], { DATABASE_URL: "mysql://localhost/x", PORT: "abc" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
    expect(result.stderr).toContain("PORT:");
  });

  // Last: it adds an audit entry to the source the tests above count.
  test("keys:rotate re-encrypts under the new key once, keeps the audit chain whole, and needs an old key", async () => {
    const rotated = { ...source.env, DATA_KEY: "a".repeat(64), DATA_KEY_PREVIOUS: TEST_DATA_KEY };
    const first = await runTsx("cli/rotate-keys.ts", [], rotated);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/users +2 rewritten/);
    expect(first.stdout).toMatch(/2 rows re-encrypted under key [0-9a-f]{8}/);
    const again = await runTsx("cli/rotate-keys.ts", [], rotated);
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toMatch(/0 rows re-encrypted/);
    const verify = await runTsx("cli/audit-verify.ts", [], rotated);
    expect(verify).toMatchObject({ code: 0, stdout: "audit chain intact: 5 rows\n" });
    // A ring without the key the data is under: one message the operator can act on.
    const missing = await runTsx("cli/rotate-keys.ts", [], { ...source.env, DATA_KEY: "b".repeat(64), DATA_KEY_PREVIOUS: "c".repeat(64) });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Some personal data is under data key [0-9a-f]{8}, which is not configured/);
    expect(missing.stderr).not.toContain("    at ");
    const nothing = await runTsx("cli/rotate-keys.ts", [], source.env);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Nothing to rotate to: set the new key as DATA_KEY");
  });
});
