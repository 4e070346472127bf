/**
 * A broken domain rule. `message` is for the logs; `userMessage` is an i18n key the user sees
 * in their own language. The route boundary maps `code` to an HTTP status once.
 */
export type AppErrorCode =
  | "INVALID_INPUT"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "LOCKED"
  | "RATE_LIMITED";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly field?: string;

  constructor(
    code: AppErrorCode,
    options: { message: string; userMessage: string; field?: string },
  ) {
    super(options.message);
    this.name = "AppError";
    this.code = code;
    this.userMessage = options.userMessage;
    this.field = options.field;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
