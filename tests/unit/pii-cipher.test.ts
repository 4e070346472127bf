import { describe, expect, test } from "vitest";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { TEST_DATA_KEY } from "../support/test-database";

const cipher = createPiiCipher([TEST_DATA_KEY]);

describe("PII cipher", () => {
  test("round-trips text, including Chinese", () => {
    for (const plain of ["13800000042", "张伟", ""]) expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
  });

  test("the stored form is versioned and never contains the plain value", () => {
    const stored = cipher.encrypt("13800000042");
    expect(stored).toMatch(new RegExp(`^v2\\.${cipher.currentKeyId}\\.[\\w-]+\\.[\\w-]+\\.[\\w-]*$`));
    expect(stored).not.toContain("13800000042");
  });

  test("encrypting twice gives different ciphertexts (random IV)", () => {
    expect(cipher.encrypt("13800000042")).not.toBe(cipher.encrypt("13800000042"));
  });

  test("a tampered ciphertext is refused, not decrypted to garbage", () => {
    const [version, keyId, iv, tag, body] = cipher.encrypt("13800000042").split(".") as [string, string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0]! ^= 1;
    expect(() => cipher.decrypt([version, keyId, iv, tag, flipped.toString("base64url")].join("."))).toThrow();
    expect(() => cipher.decrypt(`${version}.${keyId}.${iv}.${tag}`)).toThrow("Unreadable ciphertext.");
    expect(() => cipher.decrypt(`v3.${keyId}.${iv}.${tag}.${body}`)).toThrow("Unreadable ciphertext.");
  });

  test("another key cannot read it", () => {
    const other = createPiiCipher(["f".repeat(64)]);
    expect(() => other.decrypt(cipher.encrypt("13800000042"))).toThrow();
  });

  test("refuses a key that is not 256 bits", () => {
    expect(() => createPiiCipher(["abcd"])).toThrow("32 bytes");
    expect(() => createPiiCipher([])).toThrow("empty");
    expect(() => createPiiCipher([TEST_DATA_KEY, TEST_DATA_KEY])).toThrow("twice");
  });
});

describe("PII cipher key rotation", () => {
  const NEW_KEY = "a".repeat(64);
  const rotated = createPiiCipher([NEW_KEY, TEST_DATA_KEY]);

  test("the newest key encrypts, and every key in the ring decrypts", () => {
    const old = cipher.encrypt("110101199003074514");
    const fresh = rotated.encrypt("110101199003074514");
    expect(rotated.keyIdOf(fresh)).toBe(rotated.currentKeyId);
    expect(rotated.keyIdOf(old)).toBe(cipher.currentKeyId);
    expect(rotated.currentKeyId).not.toBe(cipher.currentKeyId);
    expect(rotated.decrypt(old)).toBe("110101199003074514");
    expect(rotated.decrypt(fresh)).toBe("110101199003074514");
    expect(() => cipher.decrypt(fresh)).toThrow(`data key ${rotated.currentKeyId}, which is not in the key ring`);
  });

  test("v1 values, written before keys rotated, are read with the original key", () => {
    // The v1 form is v2 without the key id, under the one key there was.
    const [, , iv, tag, body] = cipher.encrypt("13800000042").split(".");
    const v1 = `v1.${iv}.${tag}.${body}`;
    expect(rotated.keyIdOf(v1)).toBe(cipher.currentKeyId);
    expect(rotated.decrypt(v1)).toBe("13800000042");
  });

  test("the blind index stays the same across rotations: it comes from the original key", () => {
    expect(rotated.blindIndex("13800000042")).toBe(cipher.blindIndex("13800000042"));
    expect(createPiiCipher(["b".repeat(64), NEW_KEY, TEST_DATA_KEY]).blindIndex("x")).toBe(cipher.blindIndex("x"));
    expect(createPiiCipher([NEW_KEY]).blindIndex("13800000042")).not.toBe(cipher.blindIndex("13800000042"));
  });
});
