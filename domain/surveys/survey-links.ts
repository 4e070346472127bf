import crypto from "node:crypto";
import type { PiiCipher } from "../identity/pii-cipher";

/**
 * A survey link carries the survey's id and the server's signature of it, nothing else: no
 * personal data, and no way to reach another survey by changing the id. The signature is the
 * keyed hash the visitor cookie also uses, under its own prefix.
 */
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([\w-]{43})$/;

function signature(cipher: PiiCipher, invitationId: string): string {
  return cipher.blindIndex(`survey:${invitationId}`);
}

export function surveyToken(cipher: PiiCipher, invitationId: string): string {
  return `${invitationId}.${signature(cipher, invitationId)}`;
}

/** The survey id a token was signed for, or null for anything malformed or forged. */
export function invitationIdFromToken(cipher: PiiCipher, token: string): string | null {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const expected = Buffer.from(signature(cipher, match[1]));
  const given = Buffer.from(match[2]);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? match[1] : null;
}
