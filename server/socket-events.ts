import type { Socket } from "socket.io";
import type { z } from "zod";
import { describeUnavailable, isDatabaseUnavailable } from "../db/errors";
import { isAppError, type AppErrorCode } from "../domain/errors";
import type { RefusalRecorder } from "./access-refusals";
import type { Logger } from "./logger";
import type { SocketIdentity } from "./sockets";

export type AckError = "invalid_payload" | "not_found" | "rate_limited" | "not_allowed" | "invalid_state" | "unavailable" | "server_error";
export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: AckError };

// A broken domain rule answers with its protocol error; anything else is logged as a fault.
const ACK_ERRORS: Partial<Record<AppErrorCode, AckError>> = {
  NOT_FOUND: "not_found",
  CONFLICT: "invalid_state",
  FORBIDDEN: "not_allowed",
  RATE_LIMITED: "rate_limited",
};

export function ackErrorOf(error: unknown): AckError | null {
  return isAppError(error) ? (ACK_ERRORS[error.code] ?? null) : null;
}

// The answers that refuse someone; a signed-in person's are audited (visitors' are not: anyone
// could flood the trail).
const REFUSALS: readonly AckError[] = ["not_allowed", "not_found"];

/**
 * One wrapper for every event of a socket: who may send it decided once, payload checked,
 * errors answered through the acknowledgement, nothing thrown at socket.io.
 */
export function eventsOf(socket: Socket, options: { allowed: boolean; logger: Logger; recordRefusal: RefusalRecorder }) {
  const identity = socket.data.identity as SocketIdentity;
  return function on<S extends z.ZodType>(event: string, schema: S, handle: (payload: z.output<S>) => Promise<Ack>) {
    socket.on(event, async (payload: unknown, ack?: unknown) => {
      const answer = typeof ack === "function" ? (ack as (a: Ack) => void) : () => {};
      const reply = (result: Ack) => {
        answer(result);
        if (!result.ok && REFUSALS.includes(result.error) && identity.userId && identity.sessionId) {
          options.recordRefusal({ actorId: identity.userId, sessionId: identity.sessionId, channel: "socket", target: event, answer: result.error });
        }
      };
      if (!options.allowed) return reply({ ok: false, error: "not_allowed" });
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) return reply({ ok: false, error: "invalid_payload" });
      try {
        reply(await handle(parsed.data));
      } catch (error) {
        const known = ackErrorOf(error);
        if (known) return reply({ ok: false, error: known });
        // The database is restarting or out of reach: nothing was stored, the same event may be sent again.
        if (isDatabaseUnavailable(error)) {
          options.logger.warn({ reason: describeUnavailable(error), event }, "socket event failed: database unavailable");
          return reply({ ok: false, error: "unavailable" });
        }
        options.logger.error({ err: error, event }, "socket event failed");
        reply({ ok: false, error: "server_error" });
      }
    });
  };
}
