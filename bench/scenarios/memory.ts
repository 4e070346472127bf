/**
 * Memory: the product's resident set idle (after start-up and one page of each kind, then a
 * pause and a forced garbage collection), beside the bare Remix server's; and the heap each idle
 * chat socket adds, beside a bare socket.io server with the same number of sockets. Both servers
 * are asked over IPC to collect garbage before each reading (bench/lib/memory-probe.ts), so the
 * figures do not swing with the collector's timing.
 */
import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { startBareRemix } from "../lib/bare-remix";
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind } from "../lib/databases";
import { startProduct, startReporting, type BenchProcess } from "../lib/processes";
import { BENCH_CUSTOMER, prepareProductData, signIn } from "../lib/product-data";
import { alternate, format, progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { spreadOf } from "../lib/stats";

const IDLE_GOAL_MB: Record<DatabaseKind, number> = { postgres: 250, pglite: 350 };
const SOCKETS = 1_000;
const SOCKET_RATIO_GOAL = 1.5;

const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

/** Heap a socket adds: heap used after a collection, before and with `count` idle sockets opened in batches, the difference divided. */
async function perSocketKb(server: BenchProcess, count: number, cookie: () => string): Promise<number> {
  await settle();
  const before = (await server.memoryAfterGc()).heapUsedMb;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < count; i += 50) {
      sockets.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, count - i) }, async () => {
            const socket = connect(`${server.url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie: cookie() }, reconnection: false });
            await new Promise<void>((resolve, reject) => {
              socket.once("connect", () => resolve());
              socket.once("connect_error", reject);
            });
            return socket;
          }),
        )),
      );
    }
    await settle();
    const after = (await server.memoryAfterGc()).heapUsedMb;
    return ((after - before) * 1024) / count;
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

/** A freshly started server's memory after one page of each kind (what start-up left for later is loaded now), a pause and a collection. */
async function idleMemory(server: BenchProcess, pages: readonly string[], cookie: string) {
  for (const path of pages) await (await fetch(server.url + path, { headers: { cookie } })).arrayBuffer();
  await settle();
  return server.memoryAfterGc();
}

export async function benchMemory(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const database = await scratchDatabase(kind);
  const started: BenchProcess[] = [];
  const stop = async (server: BenchProcess) => {
    started.splice(started.indexOf(server), 1);
    await server.stop();
  };
  try {
    await prepareProductData(database.env, { requests: 100 });
    const label = DATABASE_LABEL[kind];
    // Each round a fresh start of both: the product's resident set at start-up varies a little from one start to the next.
    const readings = { product: [] as { rssMb: number; heapUsedMb: number }[], bare: [] as { rssMb: number; heapUsedMb: number }[] };
    let product: BenchProcess | undefined;
    for (let round = 0; round < settings.rounds; round++) {
      if (product) await stop(product);
      product = await startProduct(database.env, settings.port, { probe: true });
      started.push(product);
      const bare = await startBareRemix(undefined, { probe: true });
      started.push(bare);
      const cookie = await signIn(product.url, BENCH_CUSTOMER.email);
      readings.product.push(await idleMemory(product, ["/", "/login", "/portal", "/portal/requests/TL19990101000042"], cookie));
      readings.bare.push(await idleMemory(bare, ["/"], ""));
      await stop(bare);
      const [p, b] = [readings.product.at(-1)!, readings.bare.at(-1)!];
      progress(`memory idle (${label}): round ${round + 1}/${settings.rounds} — product ${p.rssMb.toFixed(0)} MB (heap ${p.heapUsedMb.toFixed(0)} MB), bare Remix ${b.rssMb.toFixed(0)} MB (heap ${b.heapUsedMb.toFixed(0)} MB)`);
    }
    const idle = spreadOf(readings.product.map((r) => r.rssMb));
    const bareIdle = spreadOf(readings.bare.map((r) => r.rssMb));
    const heap = { product: spreadOf(readings.product.map((r) => r.heapUsedMb)), bare: spreadOf(readings.bare.map((r) => r.heapUsedMb)) };
    const rows: BenchRow[] = [
      {
        scenario: "idle server, resident memory",
        database: label,
        unit: "MB",
        product: idle,
        baseline: { name: "bare Remix server", figures: bareIdle },
        ratio: idle.median / bareIdle.median,
        goal: `≤ ${IDLE_GOAL_MB[kind]} MB`,
        met: idle.median <= IDLE_GOAL_MB[kind],
        note: `a fresh start each round, read after a forced garbage collection; of it the JavaScript heap ${format(heap.product.median)} MB (bare ${format(heap.bare.median)} MB)`,
      },
    ];
    if (kind === "postgres" && product) {
      const echo = await startReporting("bench/bare-echo/server.ts", {}, { probe: true });
      started.push(echo);
      const cipher = createPiiCipher([database.env.DATA_KEY!]);
      const visitor = () => `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`;
      const server = product;
      const figures = await alternate(
        `heap per idle chat socket, ${SOCKETS} sockets`,
        settings.rounds,
        () => perSocketKb(server, SOCKETS, visitor),
        () => perSocketKb(echo, SOCKETS, () => ""),
      );
      const ratio = figures.product.median / figures.baseline.median;
      rows.push({
        scenario: `per idle chat socket (${SOCKETS.toLocaleString("en-US")} sockets), heap`,
        database: label,
        unit: "KB",
        product: figures.product,
        baseline: { name: "bare socket.io", figures: figures.baseline },
        ratio,
        goal: `≤ ${SOCKET_RATIO_GOAL}× bare socket.io`,
        met: ratio <= SOCKET_RATIO_GOAL,
        note: "JavaScript heap used after a forced garbage collection, before and with the sockets open",
      });
    }
    return rows;
  } finally {
    for (const server of started.reverse()) await server.stop();
    await database.drop();
  }
}
