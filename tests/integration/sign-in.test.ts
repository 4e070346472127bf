import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { beginTotpEnrollment, confirmTotpEnrollment } from "../../domain/accounts/enroll-totp";
import { registerCustomer } from "../../domain/accounts/register-customer";
import { signInWithPassword } from "../../domain/accounts/sign-in";
import { LOCKOUT_MS } from "../../domain/accounts/sign-in-throttle";
import { verifySecondFactor } from "../../domain/accounts/verify-second-factor";
import { resolveSession } from "../../domain/sessions/sessions";
import {
  createEnrolledStaff,
  fakeMobile,
  getUser,
  registerTestCustomer,
  TEST_PASSWORD,
  TEST_USER_AGENT,
  uniqueEmail,
} from "../support/accounts";
import { auditActionsOf, auditTrailOf } from "../support/audit";
import { SECOND } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";
import { totpCodeAt } from "../support/totp";

describe(`signing in (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  const signIn = (email: string, password: string) =>
    signInWithPassword(services.domain, { email, password, userAgent: TEST_USER_AGENT });

  test("a customer registers, signs in with email and password, and the session resolves to them", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    const registered = await resolveSession(ctx, customer.token);
    expect(registered?.user.id).toBe(customer.user.id);
    expect(registered?.session.stage).toBe("active");

    const signedIn = await signIn(customer.email.toUpperCase(), TEST_PASSWORD);
    expect(signedIn.stage).toBe("active");
    expect(signedIn.token).not.toBe(customer.token);
    const resolved = await resolveSession(ctx, signedIn.token);
    expect(resolved?.user.email).toBe(customer.email);
    expect(resolved?.session.userAgent).toBe(TEST_USER_AGENT);
  });

  test("a wrong password or an unknown email gives the same refusal", async () => {
    const customer = await registerTestCustomer(services.domain);
    const wrongPassword = await signIn(customer.email, "not the password at all").catch((e: unknown) => e);
    const unknownEmail = await signIn(uniqueEmail("nobody"), TEST_PASSWORD).catch((e: unknown) => e);
    expect(wrongPassword).toMatchObject({ code: "UNAUTHORIZED", userMessage: "auth.invalid_credentials" });
    expect(unknownEmail).toMatchObject({ code: "UNAUTHORIZED", userMessage: "auth.invalid_credentials" });
  });

  test("an email already registered is refused, whatever its case", async () => {
    const customer = await registerTestCustomer(services.domain);
    await expect(
      registerCustomer(services.domain, {
        name: "Someone Else",
        email: customer.email.toUpperCase(),
        mobile: fakeMobile(),
        password: TEST_PASSWORD,
        locale: "zh-CN",
        userAgent: TEST_USER_AGENT,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", userMessage: "error.email_taken", field: "email" });
  });

  test("five wrong passwords lock the account for 15 minutes, even against the right password", async () => {
    const { domain: ctx, clock } = services;
    const customer = await registerTestCustomer(ctx);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await expect(signIn(customer.email, `wrong password ${attempt}`)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(signIn(customer.email, "wrong password 5")).rejects.toMatchObject({ code: "LOCKED", userMessage: "auth.locked" });
    await expect(signIn(customer.email, TEST_PASSWORD)).rejects.toMatchObject({ code: "LOCKED" });

    clock.advance(LOCKOUT_MS - SECOND);
    await expect(signIn(customer.email, TEST_PASSWORD)).rejects.toMatchObject({ code: "LOCKED" });

    clock.advance(2 * SECOND);
    const signedIn = await signIn(customer.email, TEST_PASSWORD);
    expect(signedIn.stage).toBe("active");
    // The success wipes the slate: four more mistakes do not lock again.
    for (let attempt = 1; attempt <= 4; attempt++) {
      await expect(signIn(customer.email, `wrong again ${attempt}`)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }

    const actions = await auditActionsOf(ctx, customer.user.id);
    expect(actions.filter((a) => a === "auth.locked")).toHaveLength(1);
    expect(actions.filter((a) => a === "auth.sign_in_refused_locked")).toHaveLength(2);
    expect(actions).toContain("auth.signed_in");
  });

  test("ten wrong passwords sent at once get at most five guesses checked", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => signIn(customer.email, `parallel wrong ${i}`)),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "OK"));
    expect(codes.filter((c) => c === "LOCKED").length).toBeGreaterThanOrEqual(6);

    // Every password that was actually verified left a "wrong_password" audit entry.
    const trail = await auditTrailOf(ctx, customer.user.id);
    const checked = trail.filter((row) => (row.after as { reason?: string } | null)?.reason === "wrong_password");
    const refused = trail.filter((row) => row.action === "auth.sign_in_refused_locked");
    expect(checked).toHaveLength(5);
    expect(refused).toHaveLength(5);
    expect((await getUser(ctx, customer.user.id)).failedSignIns).toBe(5);
    await expect(signIn(customer.email, TEST_PASSWORD)).rejects.toMatchObject({ code: "LOCKED" });
  });

  test("staff get a session that waits for the second factor", async () => {
    const staff = await createEnrolledStaff(services.domain);
    const pending = await signIn(staff.email, TEST_PASSWORD);
    expect(pending.stage).toBe("pending_2fa");
    const resolved = await resolveSession(services.domain, pending.token);
    expect(resolved?.session.stage).toBe("pending_2fa");
  });

  test("a TOTP code completes a staff sign-in once; the same code cannot be used again", async () => {
    const { domain: ctx, clock } = services;
    const staff = await createEnrolledStaff(ctx);
    clock.advance(30 * SECOND); // the enrolment used the current code

    const code = totpCodeAt(staff.secret, clock.now());
    const first = await signIn(staff.email, TEST_PASSWORD);
    const verified = await verifySecondFactor(ctx, { user: first.user, pendingToken: first.token, code, userAgent: TEST_USER_AGENT });
    expect(verified.method).toBe("totp");
    expect((await resolveSession(ctx, verified.token))?.session.stage).toBe("active");
    // The pending session is spent.
    expect(await resolveSession(ctx, first.token)).toBeNull();

    const second = await signIn(staff.email, TEST_PASSWORD);
    await expect(
      verifySecondFactor(ctx, { user: second.user, pendingToken: second.token, code, userAgent: TEST_USER_AGENT }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED", userMessage: "auth.code_invalid" });

    clock.advance(30 * SECOND);
    const next = await verifySecondFactor(ctx, {
      user: second.user,
      pendingToken: second.token,
      code: totpCodeAt(staff.secret, clock.now()),
      userAgent: TEST_USER_AGENT,
    });
    expect(next.method).toBe("totp");

    const actions = await auditActionsOf(ctx, staff.user.id);
    expect(actions).toEqual([
      "staff.created",
      "auth.password_verified",
      "auth.totp_enrolled",
      "auth.password_verified",
      "auth.signed_in",
      "auth.password_verified",
      "auth.second_factor_failed",
      "auth.signed_in",
    ]);
  });

  test("a recovery code completes a sign-in once", async () => {
    const ctx = services.domain;
    const staff = await createEnrolledStaff(ctx);
    const [code] = staff.recoveryCodes;

    const first = await signIn(staff.email, TEST_PASSWORD);
    const verified = await verifySecondFactor(ctx, {
      user: first.user,
      pendingToken: first.token,
      code: code!.toUpperCase(),
      userAgent: TEST_USER_AGENT,
    });
    expect(verified.method).toBe("recovery_code");

    const second = await signIn(staff.email, TEST_PASSWORD);
    await expect(
      verifySecondFactor(ctx, { user: second.user, pendingToken: second.token, code: code!, userAgent: TEST_USER_AGENT }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const trail = await auditTrailOf(ctx, staff.user.id);
    expect(trail.filter((r) => r.action === "auth.signed_in").map((r) => r.after)).toEqual([{ method: "recovery_code" }]);
  });

  test("wrong second-factor codes count towards the same lockout", async () => {
    const ctx = services.domain;
    const staff = await createEnrolledStaff(ctx);
    const pending = await signIn(staff.email, TEST_PASSWORD);
    const guess = (code: string) =>
      verifySecondFactor(ctx, { user: pending.user, pendingToken: pending.token, code, userAgent: TEST_USER_AGENT });
    for (const code of ["000000", "111111", "222222", "333333"]) await expect(guess(code)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(guess("444444")).rejects.toMatchObject({ code: "LOCKED" });
    // Locking ends the pending session as well.
    expect(await resolveSession(ctx, pending.token)).toBeNull();
    await expect(signIn(staff.email, TEST_PASSWORD)).rejects.toMatchObject({ code: "LOCKED" });
  });

  test("wrong codes while enrolling two-factor are audited and count towards the lockout", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    await beginTotpEnrollment(ctx, customer.user);
    const user = await getUser(ctx, customer.user.id);
    const confirm = (code: string) =>
      confirmTotpEnrollment(ctx, { user, code, sessionToken: customer.token, userAgent: TEST_USER_AGENT });
    for (const code of ["000000", "111111", "222222", "333333"]) await expect(confirm(code)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(confirm("444444")).rejects.toMatchObject({ code: "LOCKED" });
    await expect(confirm("555555")).rejects.toMatchObject({ code: "LOCKED" });
    expect(await auditActionsOf(ctx, customer.user.id)).toEqual([
      "account.registered",
      "auth.second_factor_failed",
      "auth.second_factor_failed",
      "auth.second_factor_failed",
      "auth.second_factor_failed",
      "auth.locked",
      "auth.sign_in_refused_locked",
    ]);
  });

  test("a customer turns on two-factor: ten recovery codes, and sign-in then asks for a code", async () => {
    const { domain: ctx, clock } = services;
    const customer = await registerTestCustomer(ctx);
    const { secret, uri } = await beginTotpEnrollment(ctx, customer.user);
    expect(uri).toContain(encodeURIComponent(customer.email));
    // Reloading the set-up page shows the same secret until it is confirmed.
    expect((await beginTotpEnrollment(ctx, await getUser(ctx, customer.user.id))).secret).toBe(secret);

    const user = await getUser(ctx, customer.user.id);
    await expect(
      confirmTotpEnrollment(ctx, { user, code: "000000", sessionToken: customer.token, userAgent: TEST_USER_AGENT }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const enrolled = await confirmTotpEnrollment(ctx, {
      user,
      code: totpCodeAt(secret, clock.now()),
      sessionToken: customer.token,
      userAgent: TEST_USER_AGENT,
    });
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);
    // The session is rotated: the old token is dead, the new one active.
    expect(await resolveSession(ctx, customer.token)).toBeNull();
    expect((await resolveSession(ctx, enrolled.token))?.session.stage).toBe("active");

    const next = await signIn(customer.email, TEST_PASSWORD);
    expect(next.stage).toBe("pending_2fa");
    await expect(beginTotpEnrollment(ctx, await getUser(ctx, customer.user.id))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await auditActionsOf(ctx, customer.user.id)).toContain("auth.totp_enrolled");
  });
});
