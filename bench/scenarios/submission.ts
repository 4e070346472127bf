/**
 * Request submission: a customer's form post (multipart, as the portal sends it), validated,
 * stored with its timeline entry, audit row and outbox email in one transaction — 10 in flight —
 * beside bare single-row transactions with drizzle on a database of the same kind, 10 in flight.
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind, type ScratchDatabase } from "../lib/databases";
import { httpLoad } from "../lib/http-load";
import { startProduct } from "../lib/processes";
import { BENCH_CUSTOMER, prepareProductData, signIn } from "../lib/product-data";
import { alternate, progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { percentile } from "../lib/stats";

const IN_FLIGHT = 10;
const RATE_GOAL = 300;
const P99_GOAL_MS = 100;

function multipart(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----trustline-bench-${Date.now()}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Single-row transactions, `IN_FLIGHT` at a time, for `seconds`: commits a second. */
async function bareCommits(database: ScratchDatabase, seconds: number): Promise<{ perSecond: number; p99: number }> {
  const handle = await openDatabase(database.env.DATABASE_URL ? { databaseUrl: database.env.DATABASE_URL } : { dataDir: path.join(database.env.DATA_DIR!, "bare") });
  try {
    await handle.db.execute(sql`create table if not exists bench_commits (id bigserial primary key, payload text not null, at timestamptz not null default now())`);
    const times: number[] = [];
    const end = performance.now() + seconds * 1_000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (performance.now() < end) {
          const at = performance.now();
          await handle.db.transaction((tx) => tx.execute(sql`insert into bench_commits (payload) values (${"How do I reset my card PIN?"})`));
          times.push(performance.now() - at);
        }
      }),
    );
    return { perSecond: times.length / ((performance.now() - started) / 1_000), p99: percentile(times.sort((a, b) => a - b), 99) };
  } finally {
    await handle.close();
  }
}

export async function benchSubmission(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const database = await scratchDatabase(kind);
  const bareDatabase = kind === "pglite" ? await scratchDatabase(kind) : database;
  const label = DATABASE_LABEL[kind];
  try {
    await prepareProductData(database.env, { requests: 0 });
    const product = await startProduct(database.env, settings.port);
    try {
      const cookie = await signIn(product.url, BENCH_CUSTOMER.email);
      const form = multipart({ type: "inquiry", subject: "Bench", message: "How do I reset my card PIN?" });
      const p99s: number[] = [];
      const submit = async () => {
        const result = await httpLoad({
          baseUrl: product.url,
          connections: IN_FLIGHT,
          seconds: settings.seconds,
          // A stored request answers with a redirect to its page.
          expectStatus: [302],
          request: () => ({ method: "POST", path: "/portal/requests/new/inquiry", headers: { cookie, origin: product.url, "content-type": form.contentType }, body: form.body }),
        });
        if (result.errors > 0) progress(`submission (${label}): ${result.errors} answers other than a redirect`);
        p99s.push(result.p99);
        return result.perSecond;
      };
      const bareP99s: number[] = [];
      const bare = async () => {
        const result = await bareCommits(bareDatabase, settings.seconds);
        bareP99s.push(result.p99);
        return result.perSecond;
      };
      const figures = await alternate(`request submission vs bare commits (${label})`, settings.rounds, submit, bare);
      const p99 = p99s.sort((a, b) => a - b)[Math.floor(p99s.length / 2)]!;
      return [
        {
          scenario: `request submission (form post → request, timeline, audit, outbox), ${IN_FLIGHT} in flight`,
          database: label,
          unit: "req/s",
          product: figures.product,
          baseline: { name: "bare single-row commits", figures: figures.baseline },
          ratio: figures.product.median / figures.baseline.median,
          goal: `≥ ${RATE_GOAL}/s, p99 < ${P99_GOAL_MS} ms`,
          met: figures.product.median >= RATE_GOAL && p99 < P99_GOAL_MS,
          note: `submission p99 ${p99.toFixed(1)} ms (median of rounds); bare commit p99 ${bareP99s.sort((a, b) => a - b)[Math.floor(bareP99s.length / 2)]!.toFixed(1)} ms`,
        },
      ];
    } finally {
      await product.stop();
    }
  } finally {
    await database.drop();
    if (bareDatabase !== database) await bareDatabase.drop();
  }
}
