/**
 * `npm run bench`: every scenario's figure beside a bare baseline measured in the same run, the
 * two alternated and repeated, medians and ranges, and the ratio. Starts what it needs on
 * 127.0.0.1 (scratch databases on the local PostgreSQL server and in temporary PGlite folders,
 * dropped at the end), bounded in time. Never fails the build: it prints.
 *
 *   npm run bench                          every scenario, PostgreSQL and PGlite
 *   npm run bench -- --only portal,bot     some scenarios
 *   npm run bench -- --db postgres         one database
 *   npm run bench -- --json [file]         also writes the figures (default bench/results/latest.json)
 *   npm run bench -- --seconds 5 --rounds 3
 *   npm run bench -- --port 3290 --second-port 3292   the product's ports (a second instance for the two-instance rows)
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { DatabaseKind } from "./lib/databases";
import { repoRoot } from "./lib/processes";
import { printTable, progress, writeJson, type BenchRow } from "./lib/report";
import type { BenchSettings } from "./lib/settings";
import { benchBot } from "./scenarios/bot";
import { benchChat } from "./scenarios/chat";
import { benchDeskQueue } from "./scenarios/desk-queue";
import { benchMemory } from "./scenarios/memory";
import { benchPortalPage } from "./scenarios/portal-page";
import { benchQualityDashboard } from "./scenarios/quality-dashboard";
import { benchSubmission } from "./scenarios/submission";

type Scenario = { name: string; perDatabase: boolean; run: (kind: DatabaseKind, settings: BenchSettings) => Promise<BenchRow[]> };

const SCENARIOS: Scenario[] = [
  { name: "portal", perDatabase: true, run: benchPortalPage },
  { name: "submit", perDatabase: true, run: benchSubmission },
  { name: "queue", perDatabase: true, run: benchDeskQueue },
  { name: "chat", perDatabase: true, run: benchChat },
  { name: "bot", perDatabase: false, run: benchBot },
  { name: "quality", perDatabase: true, run: benchQualityDashboard },
  { name: "memory", perDatabase: true, run: benchMemory },
];

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    db: { type: "string", default: "postgres,pglite" },
    json: { type: "string" },
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "3290" },
    "second-port": { type: "string" },
  },
  allowPositionals: true,
  strict: false,
});
// `--json` alone writes to the default file.
const jsonFlag = process.argv.includes("--json") ? (typeof values.json === "string" && values.json ? values.json : "bench/results/latest.json") : null;
const settings: BenchSettings = {
  seconds: Number(values.seconds),
  rounds: Number(values.rounds),
  port: Number(values.port),
  secondPort: typeof values["second-port"] === "string" ? Number(values["second-port"]) : Number(values.port) + 2,
};
const only = typeof values.only === "string" ? new Set(values.only.split(",")) : null;
const kinds = String(values.db).split(",") as DatabaseKind[];

async function main() {
  const started = Date.now();
  const rows: BenchRow[] = [];
  for (const scenario of SCENARIOS.filter((s) => !only || only.has(s.name))) {
    for (const kind of scenario.perDatabase ? kinds : (["postgres"] as DatabaseKind[])) {
      progress(`${scenario.name}${scenario.perDatabase ? ` on ${kind}` : ""}…`);
      try {
        rows.push(...(await scenario.run(kind, settings)));
      } catch (error) {
        progress(`${scenario.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
  }
  const measuredAt = new Date().toISOString();
  console.log(`\nTrustline benchmarks, ${measuredAt.slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}; ${settings.rounds} rounds × ${settings.seconds} s, medians (range)\n`);
  printTable(rows);
  console.log(`\n${((Date.now() - started) / 60_000).toFixed(1)} min in all`);
  if (jsonFlag) {
    const file = path.resolve(repoRoot, jsonFlag);
    writeJson(file, rows, { measuredAt, cores: os.cpus().length, node: process.versions.node, settings });
    console.log(`figures written to ${path.relative(repoRoot, file)}`);
  }
}

void main();
