/**
 * The chat beside a bare socket.io echo server (bench/bare-echo/server.ts) with the same clients
 * on the same machine:
 * - round trip at a steady rate: 1,000 connected visitors each sending a message a second (every
 *   one stored before its ack, and answered by the bot), from the first second;
 * - capacity: 100 visitors sending back-to-back, each the next as soon as the last is acked.
 * The round trip is from `chat:send` to the message coming back on the sender's own socket.
 * On PostgreSQL, also what a second instance adds: the capacity run with the clients split over
 * two instances on the same database (rooms shared through Redis), beside all on one of them.
 */
import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { DATABASE_LABEL, scratchDatabase, type DatabaseKind } from "../lib/databases";
import { secondInstanceRow, startTwoInstances } from "../lib/instances";
import { startProduct, startReporting, type BenchProcess } from "../lib/processes";
import { prepareProductData } from "../lib/product-data";
import { alternate, progress, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { percentile } from "../lib/stats";

const STEADY_CLIENTS = Number(process.env.BENCH_CHAT_CLIENTS ?? 1_000);
const BURST_CLIENTS = 100;
const RATIO_GOAL = 5;
const CAPACITY_GOAL = 4_000;

interface Client {
  socket: Socket;
  /** Sends one message; resolves with the milliseconds until it came back on this socket. */
  roundTrip(text: string): Promise<number>;
}

async function connectClient(url: string, cookie: string, chat: boolean): Promise<Client> {
  const socket = connect(`${url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  const pending = new Map<string, (at: number) => void>();
  socket.on("chat:message", (message: { clientId: string }) => pending.get(message.clientId)?.(performance.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const opened = chat ? ((await socket.timeout(60_000).emitWithAck("chat:open", {})) as { ok: boolean; conversationId: string }) : null;
  if (opened && !opened.ok) throw new Error(`chat:open failed: ${JSON.stringify(opened)}`);
  const conversationId = opened?.conversationId ?? crypto.randomUUID();
  return {
    socket,
    async roundTrip(text) {
      const clientId = `bench-${crypto.randomBytes(8).toString("hex")}`;
      const started = performance.now();
      const delivered = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("a message did not come back within 60 s")), 60_000);
        pending.set(clientId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      const ack = (await socket.timeout(60_000).emitWithAck("chat:send", { conversationId, clientId, text })) as { ok: boolean; error?: string };
      if (!ack.ok) throw new Error(`chat:send failed: ${ack.error}`);
      const at = await delivered;
      pending.delete(clientId);
      return at - started;
    },
  };
}

/** Connects in batches of 50, so the figure is the steady state rather than a connection storm. */
async function connectMany(count: number, open: () => Promise<Client>): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i += 50) clients.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, open))));
  return clients;
}

const QUESTIONS = ["怎么开户", "What are your opening hours?", "转账限额是多少", "How do I report a lost card?", "信用卡额度怎么调整"];

/** Every client sends one message a second for `seconds`, the starts spread over the first second: p99 round trip. */
async function steady(clients: Client[], seconds: number): Promise<number> {
  const times: number[] = [];
  await Promise.all(
    clients.map(async (client, c) => {
      await new Promise((resolve) => setTimeout(resolve, (c / clients.length) * 1_000));
      for (let i = 0; i < seconds; i++) {
        const tick = performance.now();
        times.push(await client.roundTrip(QUESTIONS[(c + i) % QUESTIONS.length]!));
        const wait = 1_000 - (performance.now() - tick);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }),
  );
  return percentile(times.sort((a, b) => a - b), 99);
}

/** Every client sends back-to-back for `seconds`: messages a second. */
async function capacity(clients: Client[], seconds: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  const end = started + seconds * 1_000;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; performance.now() < end; i++) {
        await client.roundTrip(QUESTIONS[(c + i) % QUESTIONS.length]!);
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1_000);
}

export async function benchChat(kind: DatabaseKind, settings: BenchSettings): Promise<BenchRow[]> {
  const database = await scratchDatabase(kind);
  const started: BenchProcess[] = [];
  const sockets: Socket[] = [];
  try {
    await prepareProductData(database.env, { requests: 0 });
    // A message a second for minutes is a load test, not a person: the per-person limit is raised.
    const product = await startProduct({ ...database.env, CHAT_MESSAGES_PER_MINUTE: "10000" }, settings.port);
    started.push(product);
    const echo = await startReporting("bench/bare-echo/server.ts");
    started.push(echo);
    const cipher = createPiiCipher([database.env.DATA_KEY!]);
    const visitor = () => `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`;
    const track = (clients: Client[]) => (sockets.push(...clients.map((c) => c.socket)), clients);
    const label = DATABASE_LABEL[kind];

    progress(`chat (${label}): connecting ${STEADY_CLIENTS} visitors to each server`);
    const productClients = track(await connectMany(STEADY_CLIENTS, () => connectClient(product.url, visitor(), true)));
    const echoClients = track(await connectMany(STEADY_CLIENTS, () => connectClient(echo.url, "", false)));
    const round = await alternate(`chat round trip, ${STEADY_CLIENTS} clients × 1 msg/s (${label})`, settings.rounds, () => steady(productClients, settings.seconds), () => steady(echoClients, settings.seconds));
    for (const client of [...productClients, ...echoClients]) client.socket.disconnect();

    const burstProduct = track(await connectMany(BURST_CLIENTS, () => connectClient(product.url, visitor(), true)));
    const burstEcho = track(await connectMany(BURST_CLIENTS, () => connectClient(echo.url, "", false)));
    const burst = await alternate(`chat capacity, ${BURST_CLIENTS} clients back-to-back (${label})`, settings.rounds, () => capacity(burstProduct, settings.seconds), () => capacity(burstEcho, settings.seconds));
    const roundRatio = round.product.median / round.baseline.median;
    const rows: BenchRow[] = [
      {
        scenario: `chat round trip, ${STEADY_CLIENTS.toLocaleString("en-US")} clients × 1 msg/s (stored, bot answers)`,
        database: label,
        unit: "p99 ms",
        product: round.product,
        baseline: { name: "bare socket.io echo", figures: round.baseline },
        ratio: roundRatio,
        goal: `≤ ${RATIO_GOAL}× echo p99`,
        met: roundRatio <= RATIO_GOAL,
      },
      {
        scenario: `chat capacity, ${BURST_CLIENTS} clients back-to-back (stored, bot answers)`,
        database: label,
        unit: "msg/s",
        product: burst.product,
        baseline: { name: "bare socket.io echo", figures: burst.baseline },
        ratio: burst.product.median / burst.baseline.median,
        goal: `≥ ${CAPACITY_GOAL.toLocaleString("en-US")} msg/s`,
        met: burst.product.median >= CAPACITY_GOAL,
      },
    ];
    if (kind !== "postgres") return rows;

    // What a second instance adds, alone on the machine: the single instance and the echo server go first.
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const server of started.splice(0).reverse()) await server.stop();
    const instances = await startTwoInstances({ ...database.env, CHAT_MESSAGES_PER_MINUTE: "10000" }, settings);
    started.push(...instances);
    let next = 0;
    const split = track(await connectMany(BURST_CLIENTS, () => connectClient(instances[next++ % 2]!.url, visitor(), true)));
    const single = track(await connectMany(BURST_CLIENTS, () => connectClient(instances[0].url, visitor(), true)));
    const scaled = await alternate(`chat capacity, two instances vs one (${label})`, settings.rounds, () => capacity(split, settings.seconds), () => capacity(single, settings.seconds));
    rows.push(
      secondInstanceRow({
        scenario: `chat capacity, ${BURST_CLIENTS} clients back-to-back, split over two instances (Redis adapter)`,
        database: label,
        unit: "msg/s",
        scaled,
        sharing: "the clients and both processes",
      }),
    );
    return rows;
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const server of started.reverse()) await server.stop();
    await database.drop();
  }
}
