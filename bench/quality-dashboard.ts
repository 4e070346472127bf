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
 *
 * Beside the surveys, the cases the other figures read: half as many service requests (each
 * with its review and completion events) and closed chats, and a twentieth as many complaints,
 * spread over six months (the period and the one before it).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import pg from "pg";
import { openDatabase, type Database, type DatabaseHandle } from "../db/client";
import { complaintBusinessLines, complaintCategories, complaintChannels, complaintSeverities, requestTypes } from "../db/schema/enums";
import { migrateDatabase } from "../db/migrate";
import { computeDashboard, trend, weakestAreas, type FigureKey } from "../domain/quality/dashboard-figures";
import { resolveQualityQuery } from "../domain/quality/quality-filters";
import { createTestClock } from "../tests/support/clock";
import { insertQualityPeople, seedSurveys } from "../tests/support/quality-data";
import { testDomainContext } from "../tests/support/test-database";

const RUNS = Number(process.env.BENCH_QUALITY_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const SIX_MONTHS_S = 183 * 86_400;

/** A SQL text[] literal of plain identifiers or uuids. */
const list = (values: readonly string[]): SQL => sql.raw(`'{${values.join(",")}}'`);

/** Requests, complaints and chats in bulk, by generate_series, at random times and durations. */
async function seedCases(db: Database, options: { surveys: number; now: Date; customers: { id: string }[]; agents: { id: string }[] }) {
  const customers = sql`${list(options.customers.map((c) => c.id))}::uuid[]`;
  const agents = sql`${list(options.agents.map((a) => a.id))}::uuid[]`;
  const now = options.now.toISOString();
  // The row's start within six months back (naming g makes it drawn again for every row).
  const back = (g: SQL) => sql`(random() * ${SIX_MONTHS_S} + 0 * ${g}) * interval '1 second'`;
  const spread = (seconds: number) => sql`random() * ${seconds} * interval '1 second'`;
  const nth = (array: SQL, g: SQL) => sql`(${array})[1 + ${g} % cardinality(${array})]`;
  const g = sql.raw("g");
  const requests = Math.round(options.surveys / 2);
  await db.execute(sql`
    INSERT INTO service_requests (number, customer_id, type, status, details_enc, tracking_key, reviewed_by, reviewed_at, assignee_id, clock_kind, due_at, approval_chain, submitted_at, decided_at, updated_at)
    SELECT 'TLB' || g, ${nth(customers, g)}, ${nth(sql`${list(requestTypes.filter((t) => t !== "complaint"))}::text[]`, g)}, 'completed', 'x', 'x',
      ${nth(agents, g)}, r, ${nth(agents, g)}, 'standard', s + interval '2 days', '[]', s, r + ${spread(6 * 86_400)}, s
    FROM generate_series(1, ${requests}) g, LATERAL (SELECT ${now}::timestamptz - ${back(g)} AS s) t, LATERAL (SELECT s + ${spread(3 * 86_400)} AS r) v`);
  await db.execute(sql`
    INSERT INTO request_events (request_id, at, actor_id, kind, public)
    SELECT id, reviewed_at, reviewed_by, 'accepted', true FROM service_requests WHERE number LIKE 'TLB%'
    UNION ALL
    SELECT id, decided_at, reviewed_by, 'completed', true FROM service_requests WHERE number LIKE 'TLB%'`);
  await db.execute(sql`
    INSERT INTO conversations (customer_id, status, agent_id, queued_at, claimed_at, closed_at, created_at, updated_at)
    SELECT ${nth(customers, g)}, 'closed', CASE WHEN g % 5 < 3 THEN ${nth(agents, g)} END,
      CASE WHEN g % 5 < 3 THEN s + interval '1 minute' END, CASE WHEN g % 5 < 3 THEN s + interval '1 minute' + ${spread(900)} END,
      s + interval '1 hour', s, s + interval '1 hour'
    FROM generate_series(1, ${Math.round(options.surveys / 2)}) g, LATERAL (SELECT ${now}::timestamptz - ${back(g)} AS s) t`);
  await db.execute(sql`
    INSERT INTO complaints (number, customer_id, channel, status, category, business_line, severity, details_enc, investigator_id, decided_at, reopen_count, accepted_at, due_at, created_at, updated_at)
    SELECT 'TLC' || g, ${nth(customers, g)}, ${nth(sql`${list(complaintChannels)}::text[]`, g)}, 'archived', ${nth(sql`${list(complaintCategories)}::text[]`, sql`(g / 5)`)},
      ${nth(sql`${list(complaintBusinessLines)}::text[]`, sql`(g / 7)`)}, ${nth(sql`${list(complaintSeverities)}::text[]`, g)}, 'x', ${nth(agents, g)},
      s + ${spread(20 * 86_400)}, CASE WHEN g % 9 = 0 THEN 1 ELSE 0 END, s, s + interval '15 days', s, s
    FROM generate_series(1, ${Math.round(options.surveys / 20)}) g, LATERAL (SELECT ${now}::timestamptz - ${back(g)} AS s) t`);
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
    await seedCases(ctx.db, { surveys: scratch.surveys, now, ...people });
    console.log(
      `quality: seeded ${scratch.surveys.toLocaleString("en")} surveys, ${(scratch.surveys / 2).toLocaleString("en")} requests and chats, ${(scratch.surveys / 20).toLocaleString("en")} complaints (${scratch.kind}) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    // Statistics and the visibility map as autovacuum keeps them on tables that grew over months
    // (index-only scans need the latter).
    await ctx.db.execute(sql`vacuum analyze`);

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
        const figures = await computeDashboard(ctx, input);
        const afterFigures = performance.now();
        if (run === 0) {
          const basis = (key: FigureKey) => figures.find((f) => f.key === key)!.current.counts.denominator.toLocaleString("en");
          console.log(
            `quality dashboard ${label}: over ${basis("satisfaction_average")} answers, ${basis("sla_compliance")} reviews, ${basis("request_handling_average")} requests and ${basis("complaint_handling_average")} complaints decided, ${basis("bot_containment")} chats closed`,
          );
        }
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
