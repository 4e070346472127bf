/**
 * Chat figures, printed beside the HTTP ones by bench/run.ts: how long the bot takes to answer,
 * and the round trip of chat messages with 500 connected clients, next to a bare socket.io echo
 * server (bench/echo-server.ts) with the same clients on the same machine.
 */
import { fork } from "node:child_process";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { readEvalSet } from "../bot/eval";
import { createPiiCipher } from "../domain/identity/pii-cipher";
import { visitorCookieValue } from "../server/visitor-cookie";

const QUESTIONS = Number(process.env.BENCH_CHAT_QUESTIONS ?? 300);
const CLIENTS = Number(process.env.BENCH_CHAT_CLIENTS ?? 500);
const MESSAGES_EACH = 4;
// The chat allows 30 messages a minute per person: the questions are spread over visitors.
const QUESTIONS_PER_VISITOR = 20;

type Message = { id: string; clientId: string; sender: string };

interface Client {
  socket: Socket;
  conversationId: string;
  /** The first message (seen so far or next) that matches, with its arrival time. */
  arrival(match: (message: Message) => boolean, timeoutMs?: number): Promise<{ message: Message; at: number }>;
  /** Sends until acknowledged once; resolves with the ack time. */
  send(text: string, clientId: string): Promise<number>;
}

async function connectClient(url: string, cookie: string, chat: boolean): Promise<Client> {
  const socket = connect(`${url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
  const seen: { message: Message; at: number }[] = [];
  const waiters = new Set<() => void>();
  socket.on("chat:message", (message: Message) => {
    seen.push({ message, at: performance.now() });
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const opened = chat ? ((await socket.timeout(30_000).emitWithAck("chat:open", {})) as { ok: boolean; conversationId: string }) : null;
  if (opened && !opened.ok) throw new Error(`chat:open failed: ${JSON.stringify(opened)}`);
  const conversationId = opened?.conversationId ?? crypto.randomUUID();
  return {
    socket,
    conversationId,
    arrival: (match, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("no such chat:message in time"));
        }, timeoutMs);
        const check = () => {
          const found = seen.find((s) => match(s.message));
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
    async send(text, clientId) {
      const ack = (await socket.timeout(30_000).emitWithAck("chat:send", { conversationId, clientId, text })) as { ok: boolean; error?: string };
      if (!ack.ok) throw new Error(`chat:send failed: ${ack.error}`);
      return performance.now();
    },
  };
}

/** Connects in batches, so the figure is the steady state rather than a connection storm. */
async function connectMany(count: number, open: () => Promise<Client>): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i += 50) clients.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, open))));
  return clients;
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   p99 ${at(0.99)} ms`;
}

const newClientId = () => `bench-${crypto.randomBytes(8).toString("hex")}`;

/**
 * How long a visitor waits for the bot: from the ack of a question to the bot's answer, one
 * question at a time so the figure is the bot's and not a queue's; questions from the held-out
 * set, zh and en in turn.
 */
async function botLatency(url: string, visitorCookie: () => string) {
  const set = readEvalSet();
  const byLanguage = [set.filter((u) => u.language === "zh"), set.filter((u) => u.language === "en")];
  const questions = Array.from({ length: QUESTIONS }, (_, i) => {
    const pool = byLanguage[i % 2]!;
    return pool[Math.floor(i / 2) % pool.length]!.text;
  });
  const visitors = await connectMany(Math.ceil(QUESTIONS / QUESTIONS_PER_VISITOR), () => connectClient(url, visitorCookie(), true));
  const latencies: number[] = [];
  const acks: number[] = [];
  let unanswered = 0;
  for (const [v, visitor] of visitors.entries()) {
    for (const text of questions.slice(v * QUESTIONS_PER_VISITOR, (v + 1) * QUESTIONS_PER_VISITOR)) {
      const clientId = newClientId();
      const sent = performance.now();
      const acked = await visitor.send(text, clientId);
      acks.push(acked - sent);
      const { message: question } = await visitor.arrival((m) => m.clientId === clientId);
      try {
        // The bot's replies carry the question's id: `bot-<question id>-<n>`.
        const { at } = await visitor.arrival((m) => m.sender === "bot" && m.clientId.startsWith(`bot-${question.id}-`), 10_000);
        latencies.push(at - acked);
      } catch {
        unanswered++;
      }
    }
  }
  for (const visitor of visitors) visitor.socket.disconnect();
  console.log(`chat: bot answer after the ack     ${percentiles(latencies)}   (${latencies.length} questions, zh/en${unanswered ? `; ${unanswered} unanswered in 10 s` : ""})`);
  console.log(`chat: ack after chat:send          ${percentiles(acks)}`);
}

/** Every client sends a few messages one after another; round trip = send → its own chat:message. */
async function roundTrip(label: string, connectOne: () => Promise<Client>, rss: () => string) {
  const clients = await connectMany(CLIENTS, connectOne);
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < MESSAGES_EACH; i++) {
        const clientId = newClientId();
        const sent = performance.now();
        const delivered = client.arrival((m) => m.clientId === clientId);
        await client.send(`message ${i + 1} of ${MESSAGES_EACH}`, clientId);
        times.push((await delivered).at - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const memory = rss();
  for (const client of clients) client.socket.disconnect();
  console.log(`${label.padEnd(34)} ${(times.length / seconds).toFixed(0).padStart(6)} msg/s   ${percentiles(times)}   server RSS ${memory}`);
}

function startEchoServer(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = fork(fileURLToPath(new URL("./echo-server.ts", import.meta.url)), { execArgv: ["--import", "tsx"], stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (message: { port: number }) =>
      resolve({ url: `http://127.0.0.1:${message.port}`, pid: child.pid!, stop: () => child.kill("SIGTERM") }),
    );
  });
}

/** `url`: the running server; `dataKey`: its DATA_KEY, to sign visitor cookies as the portal does. */
export async function benchChat(options: { url: string; dataKey: string; serverPid: number; rssOf: (pid: number) => string }) {
  const cipher = createPiiCipher([options.dataKey]);
  const visitorCookie = () => `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`;
  await botLatency(options.url, visitorCookie);
  await roundTrip(`chat, ${CLIENTS} visitors (+ bot replies)`, () => connectClient(options.url, visitorCookie(), true), () => options.rssOf(options.serverPid));
  const echo = await startEchoServer();
  try {
    await roundTrip(`bare socket.io echo, ${CLIENTS} clients`, () => connectClient(echo.url, "", false), () => options.rssOf(echo.pid));
  } finally {
    echo.stop();
  }
}
