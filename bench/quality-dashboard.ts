/**
 * The quality dashboard on a big survey table, printed beside the HTTP figures by bench/run.ts
 * (or alone: `tsx bench/quality-dashboard.ts`). Seeds surveys spread over three months into a
 * scratch database, then times every 90-day figure, the weakest areas and the trend (median of
 * several runs).
 *
 * - PostgreSQL when BENCH_QUALITY_DATABASE_URL (or TEST_DATABASE_URL) names a server: a scratch
 *   `tl_bench_quality_<random>` database there, 1,000,000 surveys by default, dropped afterwards.
 * - PGlite otherwise, with 100,000 surveys by default (BENCH_QUALITY_PGLITE_SURVEYS to change):
 *   it inserts on the bench's own thread, and a million rows take it about five minutes more.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { computeDashboard, trend, weakestAreas } from "../domain/quality/dashboard-figures";
import { resolveQualityQuery } from "../domain/quality/quality-filters";
import { createTestClock } from "../tests/support/clock";
import { insertQualityPeople, seedSurveys } from "../tests/support/quality-data";
import { testDomainContext } from "../tests/support/test-database";

const RUNS = Number(process.env.BENCH_QUALITY_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function scratchDatabase(): Promise<{ kind: string; handle: DatabaseHandle; surveys: number; drop(): Promise<void> }> {
  const adminUrl = process.env.BENCH_QUALITY_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `tl_bench_quality_${crypto.randomBytes(4).toString("hex")}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      kind: "PostgreSQL",
      handle: await openDatabase({ databaseUrl: url.toString() }),
      surveys: Number(process.env.BENCH_QUALITY_SURVEYS ?? 1_000_000),
      drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-quality-"));
  return {
    kind: "PGlite",
    handle: await openDatabase({ dataDir }),
    surveys: Number(process.env.BENCH_QUALITY_PGLITE_SURVEYS ?? 100_000),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function benchQualityDashboard(): Promise<void> {
  const scratch = await scratchDatabase();
  const attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-quality-files-"));
  let closed = false;
  try {
    await migrateDatabase(scratch.handle);
    const now = new Date();
    const ctx = await testDomainContext(scratch.handle.db, createTestClock(now), attachmentsDir);
    const people = await insertQualityPeople(ctx.db, { customers: 10_000, agents: 60 });
    let started = performance.now();
    await seedSurveys(ctx.db, { count: scratch.surveys, now, ...people, batchSize: 2000 });
    console.log(`quality: seeded ${scratch.surveys.toLocaleString("en")} surveys (${scratch.kind}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    // Fresh statistics, as autovacuum would have them on a table that grew over months.
    await ctx.db.execute(sql`analyze`);

    const actor = { userId: people.agents[0]!.id, roles: ["quality" as const] };
    const cases: { label: string; params: Record<string, string> }[] = [
      { label: "90 days, all", params: { period: "90d" } },
      { label: "90 days, channel chat", params: { period: "90d", channel: "chat" } },
      { label: "90 days, one agent", params: { period: "90d", agent: people.agents[1]!.id } },
    ];
    for (const { label, params } of cases) {
      const resolved = resolveQualityQuery(new URLSearchParams(params), now);
      const input = { actor, period: resolved.period, previous: resolved.previous, filters: resolved.filters };
      const times = { figures: [] as number[], weakest: [] as number[], trend: [] as number[], page: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        started = performance.now();
        await computeDashboard(ctx, input);
        const afterFigures = performance.now();
        await weakestAreas(ctx, input);
        const afterWeakest = performance.now();
        await trend(ctx, input);
        const end = performance.now();
        times.figures.push(afterFigures - started);
        times.weakest.push(afterWeakest - afterFigures);
        times.trend.push(end - afterWeakest);
        times.page.push(end - started);
      }
      console.log(
        `quality dashboard ${label.padEnd(22)} figures ${median(times.figures).toFixed(0)} ms, weakest areas ${median(times.weakest).toFixed(0)} ms, trend ${median(times.trend).toFixed(0)} ms, all ${median(times.page).toFixed(0)} ms (median of ${RUNS})`,
      );
    }
    await scratch.handle.close();
    closed = true;
  } finally {
    if (!closed) await scratch.handle.close();
    fs.rmSync(attachmentsDir, { recursive: true, force: true });
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void benchQualityDashboard();
