import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AUDITED_REFUSALS_PER_MINUTE, recordAccessRefusal } from "../../domain/audit/record-access-refusal";
import { registerTestCustomer } from "../support/accounts";
import { auditTrailOf } from "../support/audit";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

describe(`refusals in the audit trail (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(() => services?.cleanup());

  test("a refusal is recorded with who, where and the answer; a session's flood stops at its allowance", async () => {
    const ctx = services.domain;
    const { user } = await registerTestCustomer(ctx);
    const sessionId = crypto.randomUUID();
    const target = `GET /portal/requests/TL${Date.now()}`;
    const refusal = { actorId: user.id, sessionId, channel: "http" as const, target, answer: "404" };

    const written: boolean[] = [];
    for (let i = 0; i < AUDITED_REFUSALS_PER_MINUTE + 3; i++) written.push(await recordAccessRefusal(ctx, refusal));
    expect(written.filter(Boolean)).toHaveLength(AUDITED_REFUSALS_PER_MINUTE);
    expect(written.slice(-3)).toEqual([false, false, false]);

    const trail = await auditTrailOf(ctx, target);
    expect(trail).toHaveLength(AUDITED_REFUSALS_PER_MINUTE);
    expect(trail[0]).toMatchObject({ actorId: user.id, action: "access.refused", objectType: "route", after: { answer: "404" } });

    // Another session of the same person has an allowance of its own.
    expect(await recordAccessRefusal(ctx, { ...refusal, sessionId: crypto.randomUUID(), channel: "socket", target: "chat:resume", answer: "not_found" })).toBe(true);
    expect((await auditTrailOf(ctx, "chat:resume")).at(-1)).toMatchObject({ objectType: "socket_event", after: { answer: "not_found" } });
  });
});
