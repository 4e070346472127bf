import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, users } from "../../db/schema";
import { setLocale } from "../../domain/accounts/set-locale";
import { signInWithPassword } from "../../domain/accounts/sign-in";
import { endSessions, signOut } from "../../domain/accounts/sign-out";
import { hashAuditRow } from "../../domain/audit/audit-chain";
import { recordAudit } from "../../domain/audit/record-audit";
import { verifyAuditChain } from "../../domain/audit/verify-audit-chain";
import { registerTestCustomer, TEST_PASSWORD, TEST_USER_AGENT, uniqueEmail } from "../support/accounts";
import { auditActionsOf, auditTrailOf, tamperWithAuditRow } from "../support/audit";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

describe(`audit trail and personal data (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  test("the mobile number is stored encrypted and reads back through the key", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx, { mobile: "13800000042" });
    const raw = await ctx.db.execute(sql`select u::text as row from users u where u.id = ${customer.user.id}`);
    const rowText = String((raw as unknown as { rows: { row: string }[] }).rows[0]?.row);
    expect(rowText).toContain(customer.email);
    expect(rowText).not.toContain("13800000042");
    expect(rowText).not.toContain("0000042");

    const [stored] = await ctx.db.select({ mobileEnc: users.mobileEnc }).from(users).where(eq(users.id, customer.user.id));
    expect(stored?.mobileEnc).toMatch(/^v2\.[0-9a-f]+\./);
    expect(ctx.cipher.decrypt(stored!.mobileEnc!)).toBe("13800000042");
  });

  test("every sign-in event of an account is in the audit trail, in order, with no personal data", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx, { mobile: "13800000043" });
    await expect(
      signInWithPassword(ctx, { email: customer.email, password: "not the password", userAgent: TEST_USER_AGENT }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const session = await signInWithPassword(ctx, { email: customer.email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT });
    await setLocale(ctx, { userId: customer.user.id, locale: "zh-CN" });
    await endSessions(ctx, { userId: customer.user.id, token: session.token, sessionId: "others" });
    await signOut(ctx, { userId: customer.user.id, token: session.token });

    const trail = await auditTrailOf(ctx, customer.user.id);
    expect(trail.map((r) => r.action)).toEqual([
      "account.registered",
      "auth.sign_in_failed",
      "auth.signed_in",
      "account.locale_changed",
      "auth.sessions_ended",
      "auth.signed_out",
    ]);
    expect(trail.every((r) => r.actorId === customer.user.id)).toBe(true);
    const text = JSON.stringify(trail);
    expect(text).not.toContain("13800000043");
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain("not the password");
  });

  test("a sign-in attempt for an unknown email is audited without the email", async () => {
    const ctx = services.domain;
    const email = uniqueEmail("ghost");
    const before = (await verifyAuditChain(ctx.db)).rows;
    await expect(signInWithPassword(ctx, { email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const [last] = await ctx.db.select().from(auditLog).orderBy(sql`${auditLog.seq} desc`).limit(1);
    expect(last).toMatchObject({ seq: before + 1, action: "auth.sign_in_failed", actorId: null, after: { reason: "unknown_account" } });
    expect(JSON.stringify(last)).not.toContain(email);
  });

  test("the database refuses to change or delete audit rows", async () => {
    const ctx = services.domain;
    await registerTestCustomer(ctx);
    const [first] = await ctx.db.select().from(auditLog).orderBy(auditLog.seq).limit(1);
    await expect(ctx.db.update(auditLog).set({ action: "nothing.happened" }).where(eq(auditLog.seq, first!.seq))).rejects.toThrow();
    await expect(ctx.db.delete(auditLog).where(eq(auditLog.seq, first!.seq))).rejects.toThrow();
    await expect(ctx.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    // The refusal says why, in the database's own words.
    const error = (await ctx.db.delete(auditLog).then(
      () => null,
      (e: unknown) => e,
    )) as (Error & { cause?: Error }) | null;
    expect(String(error?.cause?.message ?? error?.message)).toContain("audit_log is append-only: DELETE refused");
    const [still] = await ctx.db.select().from(auditLog).where(eq(auditLog.seq, first!.seq));
    expect(still).toEqual(first);
  });

  test("concurrent writers keep one unbroken chain", async () => {
    const ctx = services.domain;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ctx.db.transaction((tx) => recordAudit(tx, { actorId: "system:test", action: "test.concurrent", objectType: "test", objectId: `c${i}` })),
      ),
    );
    const report = await verifyAuditChain(ctx.db);
    expect(report.ok).toBe(true);
    const rows = await ctx.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(auditLog.seq);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  test("the chain holds after an entry rolled back and after an entry another instance appended", async () => {
    const ctx = services.domain;
    const entry = (objectId: string) => ({ actorId: "system:test", action: "test.link", objectType: "test", objectId });
    await ctx.db.transaction((tx) => recordAudit(tx, entry("kept")));
    await expect(
      ctx.db.transaction(async (tx) => {
        await recordAudit(tx, entry("rolled back"));
        throw new Error("the change fails after its audit entry");
      }),
    ).rejects.toThrow("the change fails");
    await ctx.db.transaction((tx) => recordAudit(tx, entry("after the rollback")));
    // Another instance's append, written as its own process would: linked to the chain's end.
    const [last] = await ctx.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const theirs = { seq: last!.seq + 1, at: new Date(), actorId: "system:other", action: "test.link", objectType: "test", objectId: "elsewhere", before: null, after: null };
    await ctx.db.insert(auditLog).values({ ...theirs, prevHash: last!.hash, hash: hashAuditRow(last!.hash, theirs) });
    await ctx.db.transaction((tx) => recordAudit(tx, entry("after theirs")));

    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
    const tail = await ctx.db.select({ objectId: auditLog.objectId }).from(auditLog).orderBy(desc(auditLog.seq)).limit(4);
    expect(tail.map((r) => r.objectId)).toEqual(["after theirs", "elsewhere", "after the rollback", "kept"]);
  });
});

describe(`audit chain verification (${testDatabaseKind()})`, () => {
  // A database of its own: this test breaks the chain on purpose.
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  test("passes on a clean trail and names the first row changed behind the triggers' back", async () => {
    const ctx = services.domain;
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, rows: 0 });
    const customer = await registerTestCustomer(ctx);
    await signOut(ctx, { userId: customer.user.id, token: customer.token });
    await registerTestCustomer(ctx);
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, rows: 3 });
    // Paging must not matter.
    expect(await verifyAuditChain(ctx.db, 2)).toEqual({ ok: true, rows: 3 });

    await tamperWithAuditRow(ctx.db, 2, "auth.signed_in");
    expect(await auditActionsOf(ctx, customer.user.id)).toEqual(["account.registered", "auth.signed_in"]);
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: false, rows: 1, brokenSeq: 2, reason: "hash" });
    expect(await verifyAuditChain(ctx.db, 1)).toEqual({ ok: false, rows: 1, brokenSeq: 2, reason: "hash" });
    // The triggers are back on afterwards.
    await expect(ctx.db.delete(auditLog)).rejects.toThrow();
  });
});
