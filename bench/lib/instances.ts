import crypto from "node:crypto";
import { startProduct, type BenchProcess } from "./processes";
import type { BenchSettings } from "./settings";

/** The Redis server the bench's scaled-out runs share socket.io rooms through (nothing is stored in it). */
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Two product instances on the same database, on `settings.port` and `settings.secondPort`,
 * sharing socket.io rooms through Redis as a scaled-out deployment does; their own key prefix,
 * so that nothing else on the Redis server hears them.
 */
export async function startTwoInstances(env: Record<string, string>, settings: BenchSettings): Promise<[BenchProcess, BenchProcess]> {
  const shared = { ...env, REDIS_URL, REDIS_ADAPTER_KEY: `tl_bench_${crypto.randomBytes(5).toString("hex")}` };
  const first = await startProduct(shared, settings.port);
  try {
    return [first, await startProduct(shared, settings.secondPort)];
  } catch (error) {
    await first.stop();
    throw error;
  }
}
