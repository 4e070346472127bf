import { json } from "@remix-run/node";
import { isAppError, type AppErrorCode } from "./domain.server";

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
