import pino from "pino";

/**
 * Structured JSON logs. Requests are logged by method, route path and status — never query
 * strings, bodies or cookies, which may carry personal data.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "trustline" },
    redact: { paths: ["req.headers.cookie", "*.password", "*.email", "*.mobile"], remove: true },
  });
}

export type Logger = ReturnType<typeof createLogger>;
