import crypto from "node:crypto";
import { startProduct, type BenchProcess } from "./processes";
import type { BenchRow } from "./report";
import type { Spread } from "./stats";
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

/** The row of what a second instance adds: the load split over both, beside all of it on one. */
export function secondInstanceRow(input: { scenario: string; database: string; unit: string; scaled: { product: Spread; baseline: Spread }; sharing: string }): BenchRow {
  return {
    scenario: input.scenario,
    database: input.database,
    unit: input.unit,
    product: input.scaled.product,
    baseline: { name: "all on one of them", figures: input.scaled.baseline },
    ratio: input.scaled.product.median / input.scaled.baseline.median,
    goal: "(reference)",
    met: null,
    note: `two product processes on the same database and machine; ${input.sharing} share its cores`,
  };
}
