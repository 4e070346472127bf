import { describe, expect, test } from "vitest";
import { GENESIS_HASH, hashAuditRow, type AuditContent } from "../../domain/audit/audit-chain";
import { canonicalJson } from "../../domain/audit/canonical";

describe("canonical JSON", () => {
  test("sorts keys at every depth, so jsonb's reordering does not change a hash", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  test("keeps array order, writes dates as ISO strings and drops undefined keys", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
    expect(canonicalJson({ at: new Date("2026-01-02T03:04:05.678Z"), gone: undefined })).toBe('{"at":"2026-01-02T03:04:05.678Z"}');
  });
});

describe("audit row hash", () => {
  const row: AuditContent = {
    seq: 1,
    at: new Date("2026-01-02T03:04:05.678Z"),
    actorId: "user-1",
    action: "auth.signed_in",
    objectType: "user",
    objectId: "user-1",
    before: null,
    after: { method: "totp", extra: { b: 1, a: 2 } },
  };

  test("is deterministic and independent of key order in before/after", () => {
    const reordered = { ...row, after: { extra: { a: 2, b: 1 }, method: "totp" } };
    expect(hashAuditRow(GENESIS_HASH, row)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditRow(GENESIS_HASH, row)).toBe(hashAuditRow(GENESIS_HASH, reordered));
  });

  test("changes with any field and with the previous hash", () => {
    const base = hashAuditRow(GENESIS_HASH, row);
    expect(hashAuditRow("f".repeat(64), row)).not.toBe(base);
    expect(hashAuditRow(GENESIS_HASH, { ...row, action: "auth.signed_out" })).not.toBe(base);
    expect(hashAuditRow(GENESIS_HASH, { ...row, seq: 2 })).not.toBe(base);
    expect(hashAuditRow(GENESIS_HASH, { ...row, at: new Date(row.at.getTime() + 1) })).not.toBe(base);
    expect(hashAuditRow(GENESIS_HASH, { ...row, after: { method: "recovery_code" } })).not.toBe(base);
  });

  test("treats a missing before/after like null", () => {
    expect(hashAuditRow(GENESIS_HASH, { ...row, before: undefined })).toBe(hashAuditRow(GENESIS_HASH, row));
  });
});
