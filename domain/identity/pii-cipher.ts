import crypto from "node:crypto";

/**
 * Encrypts personal data at rest with AES-256-GCM. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url), so a later key rotation can tell versions apart.
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** A keyed hash for finding a row by a personal value without storing the value. */
  blindIndex(plain: string): string;
}

export function createPiiCipher(keyHex: string): PiiCipher {
  const key = Buffer.from(keyHex, "hex");
  if (key.length !== 32) throw new Error("The data-encryption key must be 32 bytes (64 hex digits).");
  // A separate key for the blind index, derived so that one secret still serves both.
  const indexKey = crypto.createHmac("sha256", key).update("trustline blind index v1").digest();
  return {
    blindIndex(plain) {
      return crypto.createHmac("sha256", indexKey).update(plain).digest("base64url");
    },
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unreadable ciphertext.");
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
