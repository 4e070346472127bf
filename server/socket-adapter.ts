import type { ServerOptions } from "socket.io";
import type { Env } from "./env";
import type { Logger } from "./logger";

export class RedisUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`Cannot reach Redis at ${redactedUrl(url)} (REDIS_URL): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "RedisUnreachableError";
  }
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

export interface SocketAdapter {
  /** For socket.io's `adapter` option; undefined means the default in-memory adapter. */
  adapter: ServerOptions["adapter"] | undefined;
  close(): Promise<void>;
}

/**
 * With REDIS_URL, socket.io instances share rooms through Redis: a message, a sign-out or a
 * socket count on one instance reaches the sockets held by every other. Without it, one process.
 */
export async function openSocketAdapter(env: Pick<Env, "REDIS_URL" | "REDIS_ADAPTER_KEY">, logger: Logger): Promise<SocketAdapter> {
  const url = env.REDIS_URL;
  if (!url) return { adapter: undefined, close: async () => {} };
  // Loaded only with REDIS_URL: a single instance never needs them.
  const [{ createAdapter }, { createClient }] = await Promise.all([import("@socket.io/redis-adapter"), import("redis")]);
  let started = false;
  // Unreachable at startup: fail at once with a clear message. Lost later: keep reconnecting.
  const reconnectStrategy = (retries: number, cause: Error) => (started ? Math.min(100 * 2 ** retries, 5_000) : cause);
  const pub = createClient({ url, socket: { reconnectStrategy } });
  const sub = pub.duplicate();
  // Without a listener an error event would crash the process; reconnection is automatic.
  for (const client of [pub, sub]) {
    client.on("error", (error: unknown) => {
      if (started) logger.warn({ err: error }, "Redis connection lost; reconnecting");
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw new RedisUnreachableError(url, error);
  }
  started = true;
  return {
    adapter: createAdapter(pub, sub, { key: env.REDIS_ADAPTER_KEY }),
    async close() {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
