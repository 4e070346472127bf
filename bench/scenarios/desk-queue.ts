/**
 * The agent's request queue with 1,000,000 requests in the database: the whole page (session,
 * roles, query, rendering), one request at a time so the figure is the page's and not a queue's,
 * beside a bare keyset page query (50 rows by due time) with drizzle on a table of the same size.
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind, type ScratchDatabase } from "../lib/databases";
import { httpLoad } from "../lib/http-load";
import { startProduct } from "../lib/processes";
import { benchAgent, prepareProductData, signIn } from "../lib/product-data";
import { alternate, progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { percentile } from "../lib/stats";

const REQUESTS = Number(process.env.BENCH_QUEUE_REQUESTS ?? 1_000_000);
const PAGE = 50;
const GOAL_MS = 50;

async function bareTable(database: ScratchDatabase): Promise<DatabaseHandle> {
  const handle = await openDatabase(database.env.DATABASE_URL ? { databaseUrl: database.env.DATABASE_URL } : { dataDir: path.join(database.env.DATA_DIR!, "bare") });
  await handle.db.execute(sql`create table bench_queue (id bigint primary key, due_at timestamptz not null, label text not null)`);
  await handle.db.execute(sql`insert into bench_queue select g, now() + g * interval '1 second', 'row ' || g from generate_series(1, ${REQUESTS}) g`);
  await handle.db.execute(sql`create index on bench_queue (due_at, id)`);
  await handle.db.execute(sql`analyze bench_queue`);
  return handle;
}

/** p99 of keyset pages at random depths, one after another, for `seconds`. */
async function bareKeyset(handle: DatabaseHandle, seconds: number): Promise<number> {
  const times: number[] = [];
  const end = performance.now() + seconds * 1_000;
  while (performance.now() < end) {
    const from = Math.floor(Math.random() * (REQUESTS - PAGE));
    const at = performance.now();
    await handle.db.execute(
      sql`select id, due_at, label from bench_queue where (due_at, id) > (now() + ${from} * interval '1 second', ${from}) order by due_at, id limit ${PAGE}`,
    );
    times.push(performance.now() - at);
  }
  return percentile(times.sort((a, b) => a - b), 99);
}

export async function benchDeskQueue(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const database = await scratchDatabase(kind);
  const bareDatabase = kind === "pglite" ? await scratchDatabase(kind) : database;
  const label = DATABASE_LABEL[kind];
  let bare: DatabaseHandle | undefined;
  try {
    progress(`desk queue (${label}): loading ${REQUESTS.toLocaleString("en-US")} requests`);
    await prepareProductData(database.env, { requests: REQUESTS });
    bare = await bareTable(bareDatabase);
    const product = await startProduct(database.env, settings.port);
    try {
      const agent = benchAgent();
      const cookie = await signIn(product.url, agent.email, agent.totpSecret);
      const page = async () => (await httpLoad({ baseUrl: product.url, connections: 1, seconds: settings.seconds, request: () => ({ path: "/desk/requests", headers: { cookie } }) })).p99;
      const figures = await alternate(`desk queue page vs bare keyset page (${label})`, settings.rounds, page, () => bareKeyset(bare!, settings.seconds));
      return [
        {
          scenario: `agent's request queue page, ${REQUESTS.toLocaleString("en-US")} requests`,
          database: label,
          unit: "p99 ms",
          product: figures.product,
          baseline: { name: `bare keyset page (${PAGE} rows)`, figures: figures.baseline },
          ratio: figures.product.median / figures.baseline.median,
          goal: `p99 < ${GOAL_MS} ms`,
          met: figures.product.median < GOAL_MS,
        },
      ];
    } finally {
      await product.stop();
    }
  } finally {
    await bare?.close();
    await database.drop();
    if (bareDatabase !== database) await bareDatabase.drop();
  }
}
