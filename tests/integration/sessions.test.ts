import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { endSessions, signOut } from "../../domain/accounts/sign-out";
import { signInWithPassword } from "../../domain/accounts/sign-in";
import { currentSessionId, findSessions, resolveSession } from "../../domain/sessions/sessions";
import { createEnrolledStaff, registerTestCustomer, TEST_PASSWORD, TEST_USER_AGENT } from "../support/accounts";
import { auditActionsOf } from "../support/audit";
import { HOUR, MINUTE, SECOND } from "../support/clock";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

describe(`sessions (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  const signIn = (email: string) =>
    signInWithPassword(services.domain, { email, password: TEST_PASSWORD, userAgent: TEST_USER_AGENT });

  test("a customer idle for more than 15 minutes is signed out; activity keeps the session alive", async () => {
    const { domain: ctx, clock } = services;
    const { token } = await registerTestCustomer(ctx);
    clock.advance(14 * MINUTE);
    expect(await resolveSession(ctx, token)).not.toBeNull();
    clock.advance(14 * MINUTE); // 28 minutes in, but active 14 minutes ago
    expect(await resolveSession(ctx, token)).not.toBeNull();
    clock.advance(15 * MINUTE + SECOND);
    expect(await resolveSession(ctx, token)).toBeNull();
    // Gone for good, not just hidden.
    clock.advance(-20 * MINUTE);
    expect(await resolveSession(ctx, token)).toBeNull();
  });

  test("staff may be idle up to 30 minutes", async () => {
    const { domain: ctx, clock } = services;
    const staff = await createEnrolledStaff(ctx);
    clock.advance(29 * MINUTE);
    expect((await resolveSession(ctx, staff.token))?.user.id).toBe(staff.user.id);
    clock.advance(30 * MINUTE + SECOND);
    expect(await resolveSession(ctx, staff.token)).toBeNull();
  });

  test("no session outlives 12 hours, however active", async () => {
    const { domain: ctx, clock } = services;
    const started = clock.now().getTime();
    const { token } = await registerTestCustomer(ctx);
    while (clock.now().getTime() + 10 * MINUTE < started + 12 * HOUR) {
      clock.advance(10 * MINUTE);
      expect(await resolveSession(ctx, token)).not.toBeNull();
    }
    clock.set(new Date(started + 12 * HOUR));
    expect(await resolveSession(ctx, token)).toBeNull();
  });

  test("a session waiting for the second factor expires after 10 minutes", async () => {
    const { domain: ctx, clock } = services;
    const staff = await createEnrolledStaff(ctx);
    const pending = await signIn(staff.email);
    clock.advance(10 * MINUTE);
    expect(await resolveSession(ctx, pending.token)).toBeNull();
  });

  test("signing out ends the session on the server", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    await signOut(ctx, { userId: customer.user.id, token: customer.token });
    expect(await resolveSession(ctx, customer.token)).toBeNull();
    expect(await findSessions(ctx, customer.user.id)).toEqual([]);
    expect(await auditActionsOf(ctx, customer.user.id)).toEqual(["account.registered", "auth.signed_out"]);
  });

  test("'sign out everywhere else' ends the other sessions and keeps this one", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    const laptop = await signIn(customer.email);
    const phone = await signIn(customer.email);
    expect(await findSessions(ctx, customer.user.id)).toHaveLength(3);

    const ended = await endSessions(ctx, { userId: customer.user.id, token: laptop.token, sessionId: "others" });
    expect(ended).toHaveLength(2);
    expect(await resolveSession(ctx, laptop.token)).not.toBeNull();
    expect(await resolveSession(ctx, phone.token)).toBeNull();
    expect(await resolveSession(ctx, customer.token)).toBeNull();
    expect(await auditActionsOf(ctx, customer.user.id)).toContain("auth.sessions_ended");
  });

  test("a user ends one of their own sessions, but never someone else's", async () => {
    const ctx = services.domain;
    const alice = await registerTestCustomer(ctx, { name: "Alice Test" });
    const aliceOther = await signIn(alice.email);
    const bob = await registerTestCustomer(ctx, { name: "Bob Test" });

    const bobSessionId = currentSessionId(bob.token);
    expect(await endSessions(ctx, { userId: alice.user.id, token: alice.token, sessionId: bobSessionId })).toEqual([]);
    expect(await resolveSession(ctx, bob.token)).not.toBeNull();
    expect(await auditActionsOf(ctx, alice.user.id)).not.toContain("auth.sessions_ended");

    const otherId = currentSessionId(aliceOther.token);
    expect(await endSessions(ctx, { userId: alice.user.id, token: alice.token, sessionId: otherId })).toEqual([otherId]);
    expect(await resolveSession(ctx, aliceOther.token)).toBeNull();
    expect(await resolveSession(ctx, alice.token)).not.toBeNull();
  });

  test("signing in again rotates away the previous session", async () => {
    const ctx = services.domain;
    const customer = await registerTestCustomer(ctx);
    const next = await signInWithPassword(ctx, {
      email: customer.email,
      password: TEST_PASSWORD,
      userAgent: TEST_USER_AGENT,
      previousToken: customer.token,
    });
    expect(await resolveSession(ctx, customer.token)).toBeNull();
    expect(await resolveSession(ctx, next.token)).not.toBeNull();
  });

  test("a made-up or oversized token resolves to nothing", async () => {
    expect(await resolveSession(services.domain, "made-up-token")).toBeNull();
    expect(await resolveSession(services.domain, "x".repeat(500))).toBeNull();
    expect(await resolveSession(services.domain, "")).toBeNull();
  });
});
