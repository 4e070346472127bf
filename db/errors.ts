// SQLSTATE class 08 (connection exception), and the server going away or not yet taking
// connections: what a database restart or failover looks like from the driver.
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ECONNABORTED"]);
// node-postgres says these in words only, without a code.
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/;

/**
 * Whether `error` means the database cannot be reached at the moment (a restart, a failover, a
 * network cut) rather than that a query is wrong: the same request may well succeed later. It
 * follows drizzle's wrapping (`cause`) and Node's AggregateError (`errors`).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** What to log of such an error: its codes and messages, not the failed query's parameters. */
export function describeUnavailable(error: unknown, depth = 0): string {
  if (typeof error !== "object" || error === null || depth > 5) return "";
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  const own = typeof code === "string" ? code : typeof message === "string" && !message.startsWith("Failed query") ? message : "";
  const inner = describeUnavailable(cause, depth + 1);
  return [own, inner].filter(Boolean).join(": ");
}
