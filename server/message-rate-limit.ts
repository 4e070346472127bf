import type { Env } from "./env";

/**
 * How many messages a person may send a minute (the chat's customers, the desk's agents): counted
 * per key in fixed windows, off the database, which would otherwise take a write per message.
 * With REDIS_URL the count is shared by every instance; without it there is one process, and
 * the count lives in its memory.
 */
export interface MessageRateLimit {
  /** Counts one message against `key`; true while the count stays within `limit` in the window. */
  allow(key: string, limit: number, windowMs: number): Promise<boolean>;
}

/** One process: a counter per key, forgotten once its window is over. */
export function memoryMessageRateLimit(now: () => number = Date.now): MessageRateLimit {
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();
  let swept = now();
  return {
    async allow(key, limit, windowMs) {
      const at = now();
      if (at - swept >= windowMs) {
        for (const [k, w] of windows) if (at - w.start >= w.windowMs) windows.delete(k);
        swept = at;
      }
      const current = windows.get(key);
      const window = current && at - current.start < windowMs ? current : { start: at, count: 0, windowMs };
      window.count++;
      windows.set(key, window);
      return window.count <= limit;
    },
  };
}

// The window starts with its first hit, as in memory; one round trip, atomic across instances.
const COUNT_SCRIPT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** Several instances: one counter per key in Redis, expiring with its window. */
export function redisMessageRateLimit(env: { REDIS_URL: string; REDIS_ADAPTER_KEY: string }): MessageRateLimit {
  // Loaded only with REDIS_URL, as the socket adapter's client is.
  const connected = import("redis").then(async ({ createClient }) => {
    const client = createClient({ url: env.REDIS_URL, socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) } });
    // Reconnection is automatic; a message sent meanwhile fails like one sent while the database is away.
    client.on("error", () => {});
    await client.connect();
    // Held for the life of the process, which it does not keep running.
    client.unref();
    return client;
  });
  // Not connected: each message is refused as unavailable when it asks, never the process.
  connected.catch(() => {});
  return {
    async allow(key, limit, windowMs) {
      const client = await connected;
      const count = await client.eval(COUNT_SCRIPT, { keys: [`${env.REDIS_ADAPTER_KEY}:message-limit:${key}`], arguments: [String(windowMs)] });
      return Number(count) <= limit;
    },
  };
}

export function openMessageRateLimit(env: Pick<Env, "REDIS_URL" | "REDIS_ADAPTER_KEY">): MessageRateLimit {
  return env.REDIS_URL ? redisMessageRateLimit({ REDIS_URL: env.REDIS_URL, REDIS_ADAPTER_KEY: env.REDIS_ADAPTER_KEY }) : memoryMessageRateLimit();
}
