import { describe, expect, test } from "vitest";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { TEST_DATA_KEY } from "../support/test-database";

const cipher = createPiiCipher(TEST_DATA_KEY);

describe("PII cipher", () => {
  test("round-trips text, including Chinese", () => {
    for (const plain of ["13800000042", "张伟", ""]) expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
  });

  test("the stored form is versioned and never contains the plain value", () => {
    const stored = cipher.encrypt("13800000042");
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(stored).not.toContain("13800000042");
  });

  test("encrypting twice gives different ciphertexts (random IV)", () => {
    expect(cipher.encrypt("13800000042")).not.toBe(cipher.encrypt("13800000042"));
  });

  test("a tampered ciphertext is refused, not decrypted to garbage", () => {
    const [version, iv, tag, body] = cipher.encrypt("13800000042").split(".") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0]! ^= 1;
    expect(() => cipher.decrypt([version, iv, tag, flipped.toString("base64url")].join("."))).toThrow();
    expect(() => cipher.decrypt(`${version}.${iv}.${tag}`)).toThrow("Unreadable ciphertext.");
    expect(() => cipher.decrypt(`v2.${iv}.${tag}.${body}`)).toThrow("Unreadable ciphertext.");
  });

  test("another key cannot read it", () => {
    const other = createPiiCipher("f".repeat(64));
    expect(() => other.decrypt(cipher.encrypt("13800000042"))).toThrow();
  });

  test("refuses a key that is not 256 bits", () => {
    expect(() => createPiiCipher("abcd")).toThrow("32 bytes");
  });
});
