import { describe, expect, test } from "vitest";
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpUri } from "../../domain/identity/totp";
import { totpCodeAt } from "../support/totp";

const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"; // a well-known example secret
const t0 = new Date("2026-03-02T08:00:15.000Z");
const STEP = 30_000;
const stepOf = (at: Date) => Math.floor(at.getTime() / STEP);

describe("TOTP", () => {
  test("a fresh secret is base32 and the URI names the issuer", () => {
    const fresh = newTotpSecret();
    expect(fresh).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri(fresh, "alice@example.test");
    expect(uri).toContain("otpauth://totp/");
    expect(uri).toContain("issuer=Trustline");
    expect(uri).toContain(`secret=${fresh}`);
  });

  test("the current code matches and reports its time step", () => {
    expect(matchTotp(secret, totpCodeAt(secret, t0), t0)).toBe(stepOf(t0));
  });

  test("a code one step old or one step ahead is still accepted (clock drift)", () => {
    const previous = totpCodeAt(secret, new Date(t0.getTime() - STEP));
    const next = totpCodeAt(secret, new Date(t0.getTime() + STEP));
    expect(matchTotp(secret, previous, t0)).toBe(stepOf(t0) - 1);
    expect(matchTotp(secret, next, t0)).toBe(stepOf(t0) + 1);
  });

  test("a code two steps away is refused", () => {
    expect(matchTotp(secret, totpCodeAt(secret, new Date(t0.getTime() - 2 * STEP)), t0)).toBeNull();
    expect(matchTotp(secret, totpCodeAt(secret, new Date(t0.getTime() + 2 * STEP)), t0)).toBeNull();
  });

  test("anything but six digits is refused without a lookup", () => {
    const code = totpCodeAt(secret, t0);
    expect(matchTotp(secret, ` ${code}`, t0)).toBeNull();
    expect(matchTotp(secret, code.slice(0, 5), t0)).toBeNull();
    expect(matchTotp(secret, "abcdef", t0)).toBeNull();
  });

  test("another account's code is refused", () => {
    const other = newTotpSecret();
    // One in a million the two secrets share a code at t0; the next step settles it.
    const refused = [t0, new Date(t0.getTime() + 3 * STEP)].some((at) => matchTotp(secret, totpCodeAt(other, at), at) === null);
    expect(refused).toBe(true);
  });
});

describe("recovery codes", () => {
  test("ten distinct codes in the xxxxx-xxxxx format", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
  });

  test("the hash ignores case and surrounding spaces as typed by a person, and hides the code", () => {
    const [code] = newRecoveryCodes();
    const hash = hashRecoveryCode(code!);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code!.replace("-", ""));
    expect(hashRecoveryCode(`  ${code!.toUpperCase()} `)).toBe(hash);
    expect(hashRecoveryCode("00000-00000")).not.toBe(hash);
  });
});
