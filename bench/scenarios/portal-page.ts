/**
 * A signed-in customer's "my requests" page with 10,000 requests in the database, 50 connections,
 * beside the bare Remix route (the ratio the goal is stated in) and the bare route with one
 * primary-key select on the same kind of database (for reference). On PostgreSQL, also what a
 * second instance adds: the connections split over two instances on the same database.
 */
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind } from "../lib/databases";
import { httpLoad } from "../lib/http-load";
import { startBareRemix } from "../lib/bare-remix";
import { secondInstanceRow, startTwoInstances } from "../lib/instances";
import { startProduct } from "../lib/processes";
import { BENCH_CUSTOMER, prepareProductData, signIn } from "../lib/product-data";
import { alternate, progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";

const REQUESTS = 10_000;
const CONNECTIONS = 50;
const GOAL: Record<DatabaseKind, number> = { postgres: 0.5, pglite: 0.3 };

export async function benchPortalPage(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const database = await scratchDatabase(kind);
  const bareDatabase = kind === "pglite" ? await scratchDatabase(kind) : database;
  const started: { stop(): Promise<void> }[] = [];
  const label = DATABASE_LABEL[kind];
  try {
    progress(`my requests page (${label}): loading ${REQUESTS.toLocaleString("en-US")} requests`);
    await prepareProductData(database.env, { requests: REQUESTS });
    const product = await startProduct(database.env, settings.port);
    started.push(product);
    const bare = await startBareRemix();
    started.push(bare);
    const bareWithSelect = await startBareRemix(bareDatabase);
    started.push(bareWithSelect);
    const cookie = await signIn(product.url, BENCH_CUSTOMER.email);
    const load = (baseUrl: string, path: (i: number) => string, headers: Record<string, string> = {}) => async () =>
      (await httpLoad({ baseUrl, connections: CONNECTIONS, seconds: settings.seconds, request: (i) => ({ path: path(i), headers }) })).perSecond;
    const productLoad = load(product.url, () => "/portal", { cookie });
    // Warm both up (JIT, connection pools) before anything counts.
    await httpLoad({ baseUrl: product.url, connections: CONNECTIONS, seconds: 1, request: () => ({ path: "/portal", headers: { cookie } }) });
    const page = await alternate(`my requests page vs bare Remix (${label})`, settings.rounds, productLoad, load(bare.url, () => "/"));
    const select = await alternate(`my requests page vs bare Remix + PK select (${label})`, settings.rounds, productLoad, load(bareWithSelect.url, (i) => `/?id=${i}`));
    const scenario = `"my requests" page, ${REQUESTS.toLocaleString("en-US")} requests, ${CONNECTIONS} connections`;
    const ratio = page.product.median / page.baseline.median;
    const rows: BenchRow[] = [
      {
        scenario,
        database: label,
        unit: "req/s",
        product: page.product,
        baseline: { name: "bare Remix route", figures: page.baseline },
        ratio,
        goal: `≥ ${GOAL[kind]}× bare route`,
        met: ratio >= GOAL[kind],
      },
      {
        scenario,
        database: label,
        unit: "req/s",
        product: select.product,
        baseline: { name: "bare Remix + PK select", figures: select.baseline },
        ratio: select.product.median / select.baseline.median,
        goal: "(reference)",
        met: null,
      },
    ];
    if (kind !== "postgres") return rows;

    // What a second instance adds, alone on the machine: the single instance and the bare servers go first.
    for (const server of started.splice(0).reverse()) await server.stop();
    const instances = await startTwoInstances(database.env, settings);
    started.push(...instances);
    const onEach = async (connections: number, servers: readonly { url: string }[]) =>
      (await Promise.all(servers.map((s) => httpLoad({ baseUrl: s.url, connections, seconds: settings.seconds, request: () => ({ path: "/portal", headers: { cookie } }) })))).reduce((sum, r) => sum + r.perSecond, 0);
    await onEach(CONNECTIONS / 2, instances); // warm-up
    const scaled = await alternate(`my requests page, two instances vs one (${label})`, settings.rounds, () => onEach(CONNECTIONS / 2, instances), () => onEach(CONNECTIONS, [instances[0]]));
    rows.push(secondInstanceRow({ scenario: `${scenario}, split over two instances`, database: label, unit: "req/s", scaled, sharing: "the load generator and both processes" }));
    return rows;
  } finally {
    for (const server of started.reverse()) await server.stop();
    await database.drop();
    if (bareDatabase !== database) await bareDatabase.drop();
  }
}
