import crypto from "node:crypto";

/**
 * Encrypts personal data at rest with AES-256-GCM under a ring of keys (ADR 013). The current
 * key encrypts; every key in the ring decrypts. The stored form names its key:
 * `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). `v1.<iv>.<tag>.<ciphertext>`, written before
 * keys rotated, was always written under the installation's original key.
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** A keyed hash for finding a row by a personal value without storing the value. */
  blindIndex(plain: string): string;
  /** The id of the key that encrypts now: what `keys:rotate` moves every row to. */
  currentKeyId: string;
  /** The id of the key a stored value was encrypted with (`v1.` values: the original key's). */
  keyIdOf(stored: string): string;
}

/** A stored value under a key the ring does not hold: the operator must add that key. */
export class UnknownDataKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`Ciphertext under data key ${keyId}, which is not in the key ring.`);
    this.name = "UnknownDataKeyError";
  }
}

/** The id a stored value names its key by: public, and says nothing usable about the key. */
function keyIdOf(key: Buffer): string {
  return crypto.createHmac("sha256", key).update("trustline key id").digest("hex").slice(0, 8);
}

function keyFromHex(keyHex: string): Buffer {
  const key = Buffer.from(keyHex, "hex");
  if (key.length !== 32) throw new Error("The data-encryption key must be 32 bytes (64 hex digits).");
  return key;
}

/**
 * `keysHex`: newest first, so the first encrypts and the last is the installation's original
 * key. The blind index is derived from that original key: it never changes, so a rotation
 * leaves every lookup, tracking key and survey link working.
 */
export function createPiiCipher(keysHex: readonly string[]): PiiCipher {
  const keys = keysHex.map(keyFromHex);
  const current = keys[0];
  const original = keys.at(-1);
  if (!current || !original) throw new Error("The data-encryption key ring is empty.");
  // Key objects made once: Node would otherwise build one from the bytes on every call.
  const byId = new Map(keys.map((key) => [keyIdOf(key), crypto.createSecretKey(key)]));
  if (byId.size !== keys.length) throw new Error("The data-encryption key ring lists a key twice.");
  const currentKeyId = keyIdOf(current);
  const currentKey = byId.get(currentKeyId)!;
  const originalKeyId = keyIdOf(original);
  const indexKey = crypto.createHmac("sha256", original).update("trustline blind index v1").digest();

  function parse(stored: string): { keyId: string; iv: string; tag: string; body: string } {
    const parts = stored.split(".");
    if (parts[0] === "v1" && parts.length === 4) {
      const [, iv, tag, body] = parts as [string, string, string, string];
      return { keyId: originalKeyId, iv, tag, body };
    }
    if (parts[0] === "v2" && parts.length === 5) {
      const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
      return { keyId, iv, tag, body };
    }
    throw new Error("Unreadable ciphertext.");
  }

  return {
    currentKeyId,
    keyIdOf: (stored) => parse(stored).keyId,
    blindIndex(plain) {
      return crypto.createHmac("sha256", indexKey).update(plain).digest("base64url");
    },
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", currentKey, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v2", currentKeyId, ...[iv, cipher.getAuthTag(), body].map((p) => p.toString("base64url"))].join(".");
    },
    decrypt(stored) {
      const { keyId, iv, tag, body } = parse(stored);
      const key = byId.get(keyId);
      if (!key) throw new UnknownDataKeyError(keyId);
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
