import { createCookie } from "@remix-run/node";

export const SESSION_COOKIE = "tl_session";
export const LOCALE_COOKIE = "tl_lang";

/** `Secure` everywhere but plain http (local development and tests). */
function isSecure(request: Request) {
  return new URL(request.url).protocol === "https:";
}

function sessionCookie(request: Request) {
  // No maxAge: the server decides when a session ends, the browser forgets it when closed.
  return createCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", path: "/", secure: isSecure(request) });
}

function localeCookie(request: Request) {
  return createCookie(LOCALE_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isSecure(request),
    maxAge: 365 * 24 * 3600,
  });
}

export function readSessionToken(request: Request): Promise<string | null> {
  return sessionTokenFromCookieHeader(request.headers.get("Cookie"));
}

/** The session token in a raw Cookie header: for Remix requests and socket handshakes alike. */
export async function sessionTokenFromCookieHeader(header: string | null | undefined): Promise<string | null> {
  if (!header) return null;
  const value: unknown = await createCookie(SESSION_COOKIE).parse(header);
  return typeof value === "string" ? value : null;
}

export function setSessionCookie(request: Request, token: string): Promise<string> {
  return sessionCookie(request).serialize(token);
}

export function clearSessionCookie(request: Request): Promise<string> {
  return sessionCookie(request).serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function readLocaleCookie(request: Request): Promise<unknown> {
  return localeCookie(request).parse(request.headers.get("Cookie"));
}

export function setLocaleCookie(request: Request, locale: string): Promise<string> {
  return localeCookie(request).serialize(locale);
}

/**
 * Freshly issued recovery codes travel to the one page that shows them in a short-lived,
 * encrypted cookie: shown once, then gone, with or without JavaScript.
 */
function recoveryCodesCookie(request: Request) {
  return createCookie("tl_recovery", {
    httpOnly: true,
    sameSite: "lax",
    path: "/auth/recovery-codes",
    secure: isSecure(request),
    maxAge: 300,
  });
}

export function setRecoveryCodesCookie(request: Request, sealed: string): Promise<string> {
  return recoveryCodesCookie(request).serialize(sealed);
}

export async function readRecoveryCodesCookie(request: Request): Promise<string | null> {
  const value: unknown = await recoveryCodesCookie(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value ? value : null;
}

export function clearRecoveryCodesCookie(request: Request): Promise<string> {
  return recoveryCodesCookie(request).serialize("", { maxAge: 0, expires: new Date(0) });
}
