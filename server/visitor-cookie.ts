import crypto from "node:crypto";
import type { RequestHandler } from "express";
import type { PiiCipher } from "../domain/identity/pii-cipher";

const NAME = "tl_visitor";
const COOKIE = new RegExp(`(?:^|;\\s*)${NAME}=([0-9a-f]{32})\\.([\\w-]{43})(?:;|$)`);

function signature(cipher: PiiCipher, id: string): string {
  return cipher.blindIndex(`visitor:${id}`);
}

/**
 * A visitor who has not signed in still needs a stable identity for the chat: a random id the
 * server signs, kept in an HttpOnly cookie. A client cannot pick or forge another's.
 */
export function visitorCookie(cipher: PiiCipher): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" && !visitorIdFromCookieHeader(req.get("cookie"), cipher)) {
      const id = crypto.randomBytes(16).toString("hex");
      res.cookie(NAME, visitorCookieValue(cipher, id), {
        httpOnly: true,
        sameSite: "lax",
        secure: req.secure,
        path: "/",
        maxAge: 30 * 24 * 3600 * 1000,
      });
    }
    next();
  };
}

export function visitorCookieValue(cipher: PiiCipher, id: string): string {
  return `${id}.${signature(cipher, id)}`;
}

export function visitorIdFromCookieHeader(header: string | undefined, cipher: PiiCipher): string | null {
  const match = header?.match(COOKIE);
  if (!match?.[1] || !match[2]) return null;
  const expected = Buffer.from(signature(cipher, match[1]));
  const given = Buffer.from(match[2]);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? match[1] : null;
}
