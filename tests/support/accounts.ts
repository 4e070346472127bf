import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { users, type StaffRole, type User } from "../../db/schema";
import { createStaff } from "../../domain/accounts/create-staff";
import { beginTotpEnrollment, confirmTotpEnrollment } from "../../domain/accounts/enroll-totp";
import { registerCustomer } from "../../domain/accounts/register-customer";
import { signInWithPassword } from "../../domain/accounts/sign-in";
import type { ConsentGiven } from "../../domain/consents/consent-records";
import type { DomainContext } from "../../domain/context";
import { totpCodeAt } from "./totp";
import { migrateDatabase } from "../../db/migrate";
import { signOut } from "../../domain/accounts/sign-out";
import { createTestClock } from "./clock";
import { testDomainContext, type TestDatabase } from "./test-database";

export const TEST_PASSWORD = "river lantern quietly 42";
export const TEST_USER_AGENT = "Mozilla/5.0 (trustline tests)";

/** The separate consent a customer gives by ticking the portal's checkbox with a sensitive submission. */
export const PORTAL_CONSENT: ConsentGiven = { channel: "portal", client: { ip: "127.0.0.1", userAgent: TEST_USER_AGENT } };

/** A fresh address under the reserved .test domain, so test files sharing a database never collide. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomBytes(4).toString("hex")}@example.test`;
}

/** A fake mainland mobile number (138 0000 xxxx). */
export function fakeMobile(): string {
  return `1380000${String(crypto.randomInt(0, 10_000)).padStart(4, "0")}`;
}

export async function getUser(ctx: DomainContext, id: string): Promise<User> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

/** Registers a customer as the portal would; the result is signed in. */
export async function registerTestCustomer(
  ctx: DomainContext,
  overrides: Partial<{ name: string; email: string; mobile: string; password: string; locale: "zh-CN" | "en" }> = {},
) {
  const input = {
    name: "Test Customer",
    email: uniqueEmail("customer"),
    mobile: fakeMobile(),
    password: TEST_PASSWORD,
    locale: "en" as const,
    ...overrides,
  };
  const { user, token } = await registerCustomer(ctx, { ...input, userAgent: TEST_USER_AGENT });
  return { user, token, ...input };
}

/**
 * A staff member who has signed in once and enrolled TOTP, as an admin-created account does
 * on its first sign-in. Holds an active session.
 */
export async function createEnrolledStaff(ctx: DomainContext, roles: StaffRole[] = ["agent"]) {
  const email = uniqueEmail("staff");
  await createStaff(ctx, { actorId: "system:test", name: "Test Staff", email, roles, password: TEST_PASSWORD });
  const pending = await signInWithPassword(ctx, { email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT });
  const { secret } = await beginTotpEnrollment(ctx, pending.user);
  const enrolled = await confirmTotpEnrollment(ctx, {
    user: await getUser(ctx, pending.user.id),
    code: totpCodeAt(secret, ctx.now()),
    sessionToken: pending.token,
    userAgent: TEST_USER_AGENT,
  });
  return { user: await getUser(ctx, pending.user.id), email, secret, ...enrolled };
}

/**
 * Migrates a test database and writes a little history (two customers, a sign-out: three audit
 * rows), then closes it: an embedded database admits one process at a time, and the tests that
 * call this go on to run commands in child processes.
 */
export async function withSomeHistory(database: TestDatabase): Promise<void> {
  const handle = await database.open();
  try {
    await migrateDatabase(handle);
    const ctx = await testDomainContext(handle.db, createTestClock());
    const customer = await registerTestCustomer(ctx);
    await signOut(ctx, { userId: customer.user.id, token: customer.token });
    await registerTestCustomer(ctx);
  } finally {
    await handle.close();
  }
}
