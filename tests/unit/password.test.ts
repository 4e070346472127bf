import { describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "../../domain/identity/password";
import { passwordProblem, PASSWORD_MAX } from "../../domain/identity/password-policy";

describe("password policy", () => {
  test("refuses fewer than 12 characters", () => {
    expect(passwordProblem("short-pass1")).toBe("too_short");
    expect(passwordProblem("")).toBe("too_short");
  });

  test("accepts a long passphrase with no composition rules", () => {
    expect(passwordProblem("river lantern quietly")).toBeNull();
    expect(passwordProblem("a".repeat(11) + "b")).toBeNull();
  });

  test("refuses more than 128 characters", () => {
    expect(passwordProblem("x".repeat(PASSWORD_MAX))).toBeNull();
    expect(passwordProblem("x".repeat(PASSWORD_MAX + 1))).toBe("too_long");
  });

  test("counts characters, not UTF-16 units: 128 emoji or CJK characters are allowed", () => {
    const emoji = "🔐".repeat(PASSWORD_MAX); // 256 UTF-16 units
    expect(emoji.length).toBe(PASSWORD_MAX * 2);
    expect(passwordProblem(emoji)).toBeNull();
    expect(passwordProblem("🔐".repeat(PASSWORD_MAX + 1))).toBe("too_long");
    expect(passwordProblem("密码安全很重要请记住它")).toBe("too_short"); // 11 characters
    expect(passwordProblem("密码安全很重要请务必记住")).toBeNull(); // 12 characters
  });

  test("refuses passwords from the common-passwords list, whatever their case", () => {
    expect(passwordProblem("qwerty123456")).toBe("common");
    expect(passwordProblem("QWERTY123456")).toBe("common");
    expect(passwordProblem("1qaz2wsx3edc")).toBe("common");
  });
});

describe("password hashing", () => {
  test("an argon2id hash verifies the password and nothing else", async () => {
    const hash = await hashPassword("river lantern quietly");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain("river");
    await expect(verifyPassword(hash, "river lantern quietly")).resolves.toBe(true);
    await expect(verifyPassword(hash, "river lantern quietly ")).resolves.toBe(false);
  });

  test("the same password hashes differently each time (salted)", async () => {
    const [a, b] = await Promise.all([hashPassword("river lantern quietly"), hashPassword("river lantern quietly")]);
    expect(a).not.toBe(b);
  });

  test("a malformed stored hash is a failed sign-in, not a crash", async () => {
    await expect(verifyPassword("not-a-hash", "whatever")).resolves.toBe(false);
  });
});
