import { execFileSync } from "node:child_process";
import path from "node:path";
import { startReporting, repoRoot, type BenchProcess } from "./processes";
import type { ScratchDatabase } from "./databases";

const APP = path.join(repoRoot, "bench/bare-remix");

let built = false;

/** Builds the bare baseline app once per run (the same compiler and versions as the product). */
function buildOnce(): void {
  if (built) return;
  execFileSync(path.join(repoRoot, "node_modules/.bin/remix"), ["build"], { cwd: APP, stdio: "ignore" });
  built = true;
}

/** The bare Remix route, without a database or with one primary-key select per request on `database`. */
export async function startBareRemix(database?: ScratchDatabase, options: { probe?: boolean } = {}): Promise<BenchProcess> {
  buildOnce();
  const env: Record<string, string> = { NODE_ENV: "production" };
  if (database?.env.DATABASE_URL) env.BARE_DATABASE_URL = database.env.DATABASE_URL;
  if (database?.env.DATA_DIR) env.BARE_DATA_DIR = path.join(database.env.DATA_DIR, "bare");
  return startReporting("bench/bare-remix/server.ts", env, options);
}
