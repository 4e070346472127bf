import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BackupError, readBackupHeader, restoreBackup, writeBackup } from "../../db/backup";
import { auditLog, recoveryCodes, sessions, userRoles, users } from "../../db/schema";
import { signInWithPassword } from "../../domain/accounts/sign-in";
import { setLocale } from "../../domain/accounts/set-locale";
import { verifySecondFactor } from "../../domain/accounts/verify-second-factor";
import { verifyAuditChain } from "../../domain/audit/verify-audit-chain";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { getCustomerRequest } from "../../domain/service-requests/find-requests";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { createEnrolledStaff, getUser, registerTestCustomer, TEST_PASSWORD, TEST_USER_AGENT } from "../support/accounts";
import { SECOND } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestDatabaseKind, type TestServices } from "../support/test-database";
import { totpCodeAt } from "../support/totp";

let workDir: string;
beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-backup-test-"));
});
afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

let fileCounter = 0;
const backupFile = () => path.join(workDir, `backup-${++fileCounter}.jsonl.gz`);

/** Accounts of every kind, a used recovery code, a lockout counter and live sessions. */
async function populate(services: TestServices) {
  const ctx = services.domain;
  const customer = await registerTestCustomer(ctx, { name: "张 测试", mobile: "13800000042", locale: "zh-CN" });
  await setLocale(ctx, { userId: customer.user.id, locale: "en" });
  await expect(
    signInWithPassword(ctx, { email: customer.email, password: "not the password", userAgent: TEST_USER_AGENT }),
  ).rejects.toThrow();
  const staff = await createEnrolledStaff(ctx, ["supervisor", "investigator"]);
  const pending = await signInWithPassword(ctx, { email: staff.email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT });
  await verifySecondFactor(ctx, { user: pending.user, pendingToken: pending.token, code: staff.recoveryCodes[0]!, userAgent: TEST_USER_AGENT });
  const request = await submitRequest(ctx, {
    customer: await getUser(ctx, customer.user.id),
    details: { type: "inquiry", subject: "挂失", message: "How do I report a lost card?" },
  });
  return { customer, staff, request };
}

async function snapshot(services: TestServices) {
  const db = services.domain.db;
  return {
    users: await db.select().from(users).orderBy(asc(users.id)),
    userRoles: await db.select().from(userRoles).orderBy(asc(userRoles.userId), asc(userRoles.role)),
    recoveryCodes: await db.select().from(recoveryCodes).orderBy(asc(recoveryCodes.id)),
    auditLog: await db.select().from(auditLog).orderBy(asc(auditLog.seq)),
  };
}

const kind = testDatabaseKind();
// With a PostgreSQL server at hand, a backup must also cross between the two drivers.
const pairs: [TestDatabaseKind, TestDatabaseKind][] =
  kind === "postgres"
    ? [
        ["postgres", "postgres"],
        ["pglite", "postgres"],
        ["postgres", "pglite"],
      ]
    : [["pglite", "pglite"]];

describe.each(pairs)("backup from %s, restore into %s", (sourceKind, targetKind) => {
  let source: TestServices;
  let target: TestServices;
  beforeAll(async () => {
    source = await openTestServices({ kind: sourceKind });
    target = await openTestServices({ kind: targetKind });
  });
  afterAll(async () => {
    await source?.cleanup();
    await target?.cleanup();
  });

  test("restores accounts, roles, recovery codes and an intact audit chain; sessions stay behind", async () => {
    const { customer, staff, request } = await populate(source);
    const before = await snapshot(source);
    const file = backupFile();

    const header = await writeBackup(source.domain.db, file);
    expect(header.migrations).toBeGreaterThanOrEqual(2);
    expect(header.tables).toEqual(
      expect.arrayContaining([
        { name: "users", rows: 2 },
        { name: "user_roles", rows: 2 },
        { name: "recovery_codes", rows: 10 },
        { name: "service_requests", rows: 1 },
        { name: "request_events", rows: 1 },
        { name: "outbox", rows: 1 },
        { name: "audit_log", rows: before.auditLog.length },
      ]),
    );
    // Parents before children, the audit trail last.
    expect(header.tables.at(-1)?.name).toBe("audit_log");
    expect(await readBackupHeader(file)).toEqual(header);

    const report = await restoreBackup(target.domain.db, file, { cipher: target.domain.cipher });
    expect(report.tables).toEqual(header.tables);
    expect(report.auditChain).toEqual({ ok: true, rows: before.auditLog.length });
    expect(await snapshot(target)).toEqual(before);
    expect(await target.domain.db.select().from(sessions)).toEqual([]);

    // What people notice: the restored installation works as the old one did.
    const [restoredCustomer] = await target.domain.db.select().from(users).where(eq(users.id, customer.user.id));
    expect(target.domain.cipher.decrypt(restoredCustomer!.mobileEnc!)).toBe("13800000042");
    expect(restoredCustomer!.name).toBe("张 测试");
    const restoredRequest = await getCustomerRequest(target.domain, { customerId: customer.user.id, number: request.number });
    expect(restoredRequest.details.find((d) => d.field === "subject")?.value).toBe("挂失");
    const signedIn = await signInWithPassword(target.domain, { email: customer.email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT });
    expect(signedIn.stage).toBe("active");

    target.clock.advance(60 * SECOND);
    const pending = await signInWithPassword(target.domain, { email: staff.email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT });
    expect(pending.stage).toBe("pending_2fa");
    await expect(
      verifySecondFactor(target.domain, { user: pending.user, pendingToken: pending.token, code: staff.recoveryCodes[0]!, userAgent: TEST_USER_AGENT }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const verified = await verifySecondFactor(target.domain, {
      user: pending.user,
      pendingToken: pending.token,
      code: totpCodeAt(staff.secret, target.clock.now()),
      userAgent: TEST_USER_AGENT,
    });
    expect(verified.method).toBe("totp");
    // New entries continue the restored chain.
    const chain = await verifyAuditChain(target.domain.db);
    expect(chain.ok).toBe(true);
    expect(chain.rows).toBeGreaterThan(before.auditLog.length);
  });

  test("refuses to restore into a database that is not empty, and changes nothing", async () => {
    const file = backupFile();
    await writeBackup(source.domain.db, file);
    const before = await snapshot(target);
    const error = await restoreBackup(target.domain.db, file, { cipher: target.domain.cipher }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toContain("The target database is not empty");
    expect(await snapshot(target)).toEqual(before);
  });
});

describe(`backup files (${kind})`, () => {
  let source: TestServices;
  let empty: TestServices;
  let file: string;
  beforeAll(async () => {
    source = await openTestServices();
    empty = await openTestServices();
    await populate(source);
    file = backupFile();
    await writeBackup(source.domain.db, file);
  });
  afterAll(async () => {
    await source?.cleanup();
    await empty?.cleanup();
  });

  async function restoreIntoEmpty(backup: string, cipher = empty.domain.cipher): Promise<string> {
    const error = await restoreBackup(empty.domain.db, backup, { cipher }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    return (error as Error).message;
  }

  async function rewrite(transform: (lines: string[]) => string[]): Promise<string> {
    const lines = zlib.gunzipSync(await fs.readFile(file)).toString("utf8").trimEnd().split("\n");
    const out = backupFile();
    await fs.writeFile(out, zlib.gzipSync(`${transform(lines).join("\n")}\n`));
    return out;
  }

  test("the file is gzip'd JSON lines with a readable header and no plain personal data", async () => {
    const text = zlib.gunzipSync(await fs.readFile(file)).toString("utf8");
    const [headerLine, firstRow] = text.split("\n");
    expect(JSON.parse(headerLine!)).toMatchObject({ format: "trustline-backup", version: 1, migrations: expect.any(Number) });
    expect(JSON.parse(firstRow!)).toMatchObject({ table: "users" });
    expect(text).not.toContain("13800000042");
    expect(text).not.toContain(TEST_PASSWORD);
  });

  test("never overwrites an existing file", async () => {
    await expect(writeBackup(source.domain.db, file)).rejects.toThrow("already exists");
  });

  test("refuses a backup encrypted with another data key", async () => {
    const otherKey = createPiiCipher(["f".repeat(64)]);
    expect(await restoreIntoEmpty(file, otherKey)).toContain("encrypted with a different data key");
  });

  test("refuses a truncated backup", async () => {
    const truncated = await rewrite((lines) => lines.slice(0, -1));
    expect(await restoreIntoEmpty(truncated)).toMatch(/The backup is incomplete: its header promises \d+ rows of audit_log/);
  });

  test("refuses a file that is not a backup, or from a newer schema", async () => {
    const notBackup = backupFile();
    await fs.writeFile(notBackup, zlib.gzipSync('{"hello":"world"}\n'));
    expect(await restoreIntoEmpty(notBackup)).toContain("is not a Trustline backup");

    const plain = backupFile();
    await fs.writeFile(plain, "plain text\n");
    expect(await restoreIntoEmpty(plain)).toContain("cannot be read as a gzip'd backup");

    const newer = await rewrite(([header, ...rest]) => [JSON.stringify({ ...JSON.parse(header!), migrations: 999 }), ...rest]);
    expect(await restoreIntoEmpty(newer)).toContain("newer schema (999 migrations)");

    const unknownColumn = await rewrite(([header, first, ...rest]) => {
      const line = JSON.parse(first!) as { table: string; row: Record<string, unknown> };
      return [header!, JSON.stringify({ ...line, row: { ...line.row, shoe_size: 42 } }), ...rest];
    });
    expect(await restoreIntoEmpty(unknownColumn)).toContain("(users.shoe_size)");

    await expect(readBackupHeader(path.join(workDir, "missing.jsonl.gz"))).rejects.toThrow("does not exist");
  });

  test("after all those refusals the target is still empty", async () => {
    expect(await snapshot(empty)).toEqual({ users: [], userRoles: [], recoveryCodes: [], auditLog: [] });
  });
});
