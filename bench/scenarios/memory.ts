/**
 * Memory: the product's resident set idle (after start-up and one page of each kind, then a
 * pause), beside the bare Remix server's; and what each idle chat socket adds, beside a bare
 * socket.io server with the same number of sockets.
 */
import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { startBareRemix } from "../lib/bare-remix";
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind } from "../lib/databases";
import { startProduct, startReporting, type BenchProcess } from "../lib/processes";
import { BENCH_CUSTOMER, prepareProductData, signIn } from "../lib/product-data";
import { progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { spreadOf } from "../lib/stats";

const IDLE_GOAL_MB: Record<DatabaseKind, number> = { postgres: 250, pglite: 350 };
const SOCKETS = 1_000;
const SOCKET_RATIO_GOAL = 1.5;

const settle = () => new Promise((resolve) => setTimeout(resolve, 3_000));

/** Resident memory a socket adds: `count` idle sockets opened in batches, the difference divided. */
async function perSocketKb(server: BenchProcess, count: number, cookie: () => string): Promise<number> {
  await settle();
  const before = server.rssMb();
  const sockets: Socket[] = [];
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
  const after = server.rssMb();
  for (const socket of sockets) socket.disconnect();
  return ((after - before) * 1024) / count;
}

export async function benchMemory(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const database = await scratchDatabase(kind);
  const started: BenchProcess[] = [];
  try {
    await prepareProductData(database.env, { requests: 100 });
    const product = await startProduct(database.env, settings.port);
    started.push(product);
    const bare = await startBareRemix();
    started.push(bare);
    const label = DATABASE_LABEL[kind];
    // One of each kind of page, as a first visitor would cause: what start-up left for later is loaded now.
    const cookie = await signIn(product.url, BENCH_CUSTOMER.email);
    for (const path of ["/", "/login", "/portal", "/portal/requests/TL19990101000042"]) await (await fetch(product.url + path, { headers: { cookie } })).arrayBuffer();
    await (await fetch(bare.url)).arrayBuffer();
    await settle();
    const idle = spreadOf([product.rssMb()]);
    const bareIdle = spreadOf([bare.rssMb()]);
    progress(`memory (${label}): product idle ${idle.median.toFixed(0)} MB, bare Remix ${bareIdle.median.toFixed(0)} MB`);
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
      },
    ];
    if (kind === "postgres") {
      const echo = await startReporting("bench/bare-echo/server.ts");
      started.push(echo);
      const cipher = createPiiCipher([database.env.DATA_KEY!]);
      const visitor = () => `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`;
      const productKb: number[] = [];
      const bareKb: number[] = [];
      for (let round = 0; round < settings.rounds; round++) {
        productKb.push(await perSocketKb(product, SOCKETS, visitor));
        bareKb.push(await perSocketKb(echo, SOCKETS, () => ""));
        progress(`memory per idle socket: round ${round + 1}/${settings.rounds} — product ${productKb.at(-1)!.toFixed(1)} KB, bare ${bareKb.at(-1)!.toFixed(1)} KB`);
      }
      const figures = { product: spreadOf(productKb), baseline: spreadOf(bareKb) };
      const ratio = figures.product.median / figures.baseline.median;
      rows.push({
        scenario: `per idle chat socket (${SOCKETS.toLocaleString("en-US")} sockets), resident memory`,
        database: label,
        unit: "KB",
        product: figures.product,
        baseline: { name: "bare socket.io", figures: figures.baseline },
        ratio,
        goal: `≤ ${SOCKET_RATIO_GOAL}× bare socket.io`,
        met: ratio <= SOCKET_RATIO_GOAL,
        note: "resident set before and after opening the sockets; the heap's share of it varies with the garbage collector's timing",
      });
    }
    return rows;
  } finally {
    for (const server of started.reverse()) await server.stop();
    await database.drop();
  }
}
