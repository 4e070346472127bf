import { json } from "@remix-run/node";
import { translator } from "../i18n";
import { isAppError, type AppErrorCode } from "./domain.server";
import { resolveLocale } from "./locale.server";

export function forbidden() {
  return json({ message: "page.forbidden_title" }, { status: 403 });
}

export function notFound() {
  return json({ message: "page.not_found_title" }, { status: 404 });
}

const STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  LOCKED: 423,
  RATE_LIMITED: 429,
};

/** The single place where a broken domain rule becomes an HTTP status. */
export function statusOfAppError(code: AppErrorCode): number {
  return STATUS[code];
}

export { isAppError };

/**
 * For loaders: a broken domain rule (not found, forbidden…) becomes its HTTP answer and the
 * route's error page, never a 500.
 */
export async function orErrorResponse<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error)) throw json({ message: error.userMessage }, { status: statusOfAppError(error.code) });
    throw error;
  }
}

/** How long a client is asked to wait before trying again while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The answer while the database is restarting or out of reach: 503, to be retried, in the
 * visitor's language (the account's saved choice cannot be read now). A page shows it in its
 * error boundary; a resource route (a download, a form-only action) answers with the sentence.
 */
export async function databaseUnavailable(request: Request, options: { page: boolean }): Promise<Response> {
  const locale = await resolveLocale(request, null);
  const headers = { "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" };
  if (options.page) return json({ message: "page.unavailable_body", locale }, { status: 503, headers });
  return new Response(translator(locale)("page.unavailable_body"), { status: 503, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}
