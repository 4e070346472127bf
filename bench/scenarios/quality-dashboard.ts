/**
 * The quality dashboard on a big survey table: every 90-day figure, the weakest areas and the
 * trend, as the page computes them (median of several runs). PostgreSQL: 1,000,000 surveys;
 * PGlite: 100,000 (it inserts on the bench's own thread, and a million rows take it about five
 * minutes more). BENCH_QUALITY_SURVEYS changes either.
 *
 * Beside the surveys, the cases the other figures read: half as many service requests (each
 * with its review and completion events) and closed chats, and a twentieth as many complaints,
 * spread over six months (the period and the one before it).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, type Database } from "../../db/client";
import { complaintBusinessLines, complaintCategories, complaintChannels, complaintSeverities, requestTypes } from "../../db/schema/enums";
import { migrateDatabase } from "../../db/migrate";
import { computeDashboard, trend, weakestAreas } from "../../domain/quality/dashboard-figures";
import { resolveQualityQuery } from "../../domain/quality/quality-filters";
import { createTestClock } from "../../tests/support/clock";
import { insertQualityPeople, seedSurveys } from "../../tests/support/quality-data";
import { testDomainContext } from "../../tests/support/test-database";
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind } from "../lib/databases";
import { progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { spreadOf } from "../lib/stats";

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

const SURVEYS: Record<DatabaseKind, number> = { postgres: 1_000_000, pglite: 100_000 };
const GOAL_MS = 1_000;

export async function benchQualityDashboard(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const scratch = await scratchDatabase(kind);
  const surveys = Number(process.env.BENCH_QUALITY_SURVEYS ?? SURVEYS[kind]);
  const handle = await openDatabase(kind === "postgres" ? { databaseUrl: scratch.env.DATABASE_URL! } : { dataDir: scratch.env.DATA_DIR! });
  const attachmentsDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-quality-files-"));
  let closed = false;
  try {
    await migrateDatabase(handle);
    const now = new Date();
    const ctx = await testDomainContext(handle.db, createTestClock(now), attachmentsDir);
    const people = await insertQualityPeople(ctx.db, { customers: 10_000, agents: 60 });
    const seeding = performance.now();
    await seedSurveys(ctx.db, { count: surveys, now, ...people, batchSize: 2000 });
    await seedCases(ctx.db, { surveys, now, ...people });
    progress(`quality dashboard (${DATABASE_LABEL[kind]}): seeded ${surveys.toLocaleString("en-US")} surveys and their cases in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
    // Statistics and the visibility map as autovacuum keeps them on tables that grew over months
    // (index-only scans need the latter).
    await ctx.db.execute(sql`vacuum analyze`);

    const actor = { userId: people.agents[0]!.id, roles: ["quality" as const] };
    const cases: { label: string; params: Record<string, string> }[] = [
      { label: "all", params: { period: "90d" } },
      { label: "one channel", params: { period: "90d", channel: "chat" } },
      { label: "one agent", params: { period: "90d", agent: people.agents[1]!.id } },
    ];
    const rows: BenchRow[] = [];
    for (const { label, params } of cases) {
      const resolved = resolveQualityQuery(new URLSearchParams(params), now);
      const input = { actor, period: resolved.period, previous: resolved.previous, filters: resolved.filters };
      const times: number[] = [];
      // One run more than asked, the first only warming up.
      for (let run = 0; run <= Math.max(settings.rounds, 3); run++) {
        const started = performance.now();
        await computeDashboard(ctx, input);
        await weakestAreas(ctx, input);
        await trend(ctx, input);
        if (run > 0) times.push(performance.now() - started);
      }
      const page = spreadOf(times);
      progress(`quality dashboard (${DATABASE_LABEL[kind]}), ${label}: ${page.median.toFixed(0)} ms`);
      rows.push({
        scenario: `quality dashboard, 90 days (${label}), ${surveys.toLocaleString("en-US")} surveys`,
        database: DATABASE_LABEL[kind],
        unit: "ms",
        product: page,
        goal: `< ${GOAL_MS.toLocaleString("en-US")} ms`,
        met: page.median < GOAL_MS,
      });
    }
    await handle.close();
    closed = true;
    return rows;
  } finally {
    if (!closed) await handle.close();
    fs.rmSync(attachmentsDir, { recursive: true, force: true });
    await scratch.drop();
  }
}
