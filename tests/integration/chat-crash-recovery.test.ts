import crypto from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, describe, expect, test } from "vitest";
import { chatMessages } from "../../db/schema";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { call } from "../support/chat-server";
import { seededRandom } from "../support/seeded-random";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { createTestDatabase, TEST_DATA_KEY, testDatabaseKind, type TestDatabase } from "../support/test-database";

// 20 visitors × 200 messages, the server killed (SIGKILL) five times at random moments in the
// burst. `CHAT_FAULT_SEED` replays a run's moments; the limit of messages a minute is raised so
// that the burst is not refused.
const CLIENTS = 20;
const MESSAGES = 200;
const KILLS = 5;
const SEED = Number(process.env.CHAT_FAULT_SEED ?? 20261129);
const QUESTIONS = ["怎么开户", "How do I report a lost card?", "信用卡额度怎么调整", "What are your opening hours?", "转账限额是多少"];

type Message = { id: string; seq: number; clientId: string; sender: string };
type SendAck = { ok: boolean; error?: string; seq: number; duplicate: boolean };

/** The bot's replies carry the id of the question they answer: `bot-<question id>-<n>`. */
const answerTo = (clientId: string) => /^bot-(.+)-\d+$/.exec(clientId)?.[1];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server again where it was; a killed process's folder lock must go stale first (PGlite). */
async function restart(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    try {
      return await startServerProcess({ ...env, PORT: String(port) });
    } catch (error) {
      if (!String(error).includes("in use by another Trustline process") || Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

/**
 * A chat client as docs/chat-protocol.md describes it: keeps what it has seen by seq, sends each
 * message until acknowledged with the same clientId, and on every reconnection resumes from the
 * last seq up to which it has seen everything (a reconnected socket gets live messages again only
 * once it has resumed).
 */
async function chatClient(url: string, cookie: string) {
  const socket: Socket = connect(`${url}/chat`, {
    // A connection of its own: sockets sharing one would share its cookie.
    forceNew: true,
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  const seen = new Map<number, Message>();
  /** The same seq delivered twice with a different message (must stay empty). */
  const conflicts: [Message, Message][] = [];
  const waiters = new Set<() => void>();
  /** Every message up to this seq has been seen. */
  let complete = 0;
  const receive = (message: Message) => {
    const known = seen.get(message.seq);
    if (known && known.id !== message.id) conflicts.push([known, message]);
    seen.set(message.seq, message);
    while (seen.has(complete + 1)) complete++;
    for (const wake of waiters) wake();
  };
  socket.on("chat:message", receive);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const { conversationId } = await call<{ conversationId: string }>(socket, "chat:open", {});

  async function resume() {
    const { messages } = (await socket.timeout(5_000).emitWithAck("chat:resume", { conversationId, afterSeq: complete })) as { messages: Message[] };
    messages.forEach(receive);
  }
  // A resume cut short by the next crash is tried again on the next reconnection.
  socket.on("connect", () => void resume().catch(() => undefined));

  return {
    socket,
    conversationId,
    conflicts,
    resume,
    /** Everything seen, live and resumed, in seq order. */
    view: () => [...seen.values()].sort((x, y) => x.seq - y.seq),
    async send(clientId: string, text: string): Promise<SendAck> {
      for (;;) {
        if (!socket.connected) await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        let ack: SendAck;
        try {
          ack = (await socket.timeout(5_000).emitWithAck("chat:send", { conversationId, clientId, text })) as SendAck;
        } catch {
          continue; // no acknowledgement: the server may or may not have it, so the same id again
        }
        if (!ack.ok) throw new Error(`${clientId}: ${ack.error}`);
        return ack;
      }
    },
    /** Resolves once `done()` holds, checked on every delivery. */
    until(done: () => boolean, timeoutMs = 60_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`still waiting after ${timeoutMs} ms; seen up to seq ${complete} of ${Math.max(0, ...seen.keys())}`));
        }, timeoutMs);
        const check = () => {
          if (!done()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** The acknowledged counts at which the server dies: one at random in each fifth of the burst's middle 90 %. */
function killMoments(random: () => number): { afterAcks: number; delayMs: number }[] {
  const total = CLIENTS * MESSAGES;
  const span = (total * 0.9) / KILLS;
  return Array.from({ length: KILLS }, (_, k) => ({ afterAcks: Math.floor(total * 0.05 + span * (k + random())), delayMs: Math.floor(random() * 40) }));
}

describe(`a server killed ${KILLS} times in the middle of a burst (${testDatabaseKind()})`, () => {
  let testDatabase: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await testDatabase?.destroy();
  });

  test(`loses no acknowledged message and stores none twice; every client ends with all of them in order (seed ${SEED})`, { timeout: 900_000 }, async () => {
    // The child owns the database (and on PGlite its folder); this process opens it only at the end.
    testDatabase = await createTestDatabase();
    const env = { ...testDatabase.env, CHAT_MESSAGES_PER_MINUTE: "10000" };
    server = await startServerProcess(env);
    const { port } = server;
    const cipher = createPiiCipher([TEST_DATA_KEY]);
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => chatClient(server!.url, `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`)),
    );
    sockets.push(...clients.map((c) => c.socket));

    // Each instance answers until the next moment comes, then dies on the spot, mid-write.
    const moments = killMoments(seededRandom(SEED));
    let acknowledged = 0;
    /** Which instance acknowledged: 0 the first, k the one started after the k-th kill. */
    let instance = 0;
    let crash: Promise<void> = Promise.resolve();
    let crashing = false;
    const acks = clients.map(() => [] as { clientId: string; seq: number; instance: number }[]);
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < MESSAGES; i++) {
          const clientId = `crash-${c}-${String(i).padStart(3, "0")}`;
          const { seq } = await client.send(clientId, `${QUESTIONS[i % QUESTIONS.length]} (${i})`);
          acks[c]!.push({ clientId, seq, instance });
          acknowledged++;
          const next = moments[instance];
          if (!crashing && next && acknowledged >= next.afterAcks) {
            crashing = true;
            crash = (async () => {
              await sleep(next.delayMs);
              await server!.kill();
              server = await restart(env, port);
              instance++;
              crashing = false;
            })();
          }
        }
      }),
    );
    await crash;
    // Every instance acknowledged some of the burst: the kills fell inside it.
    expect(instance).toBe(KILLS);
    expect(new Set(acks.flat().map((a) => a.instance))).toEqual(new Set(Array.from({ length: KILLS + 1 }, (_, k) => k)));

    // The bot answers every question the last instance acknowledged (a retried one included); one
    // whose answer died with an earlier instance stays unanswered rather than answered twice.
    await Promise.all(
      clients.map((client, c) =>
        client.until(() => {
          const view = client.view();
          const answered = new Set(view.map((m) => answerTo(m.clientId)));
          return acks[c]!.filter((a) => a.instance === KILLS).every((a) => answered.has(view.find((m) => m.clientId === a.clientId)?.id ?? "missing"));
        }),
      ),
    );
    await Promise.all(clients.map((client) => client.resume()));
    await server!.stop();
    server = undefined;

    const database = await testDatabase.open();
    const stored = await database.db
      .select({ id: chatMessages.id, seq: chatMessages.seq, clientId: chatMessages.clientId, sender: chatMessages.sender, conversationId: chatMessages.conversationId })
      .from(chatMessages)
      .where(inArray(chatMessages.conversationId, clients.map((c) => c.conversationId)))
      .orderBy(asc(chatMessages.seq));
    await database.close();

    for (const [c, client] of clients.entries()) {
      const rows = stored.filter((m) => m.conversationId === client.conversationId).map(({ id, seq, clientId, sender }) => ({ id, seq, clientId, sender }));
      // Numbered 1..n with no gap and no repeat.
      expect(rows.map((m) => m.seq)).toEqual(rows.map((_, i) => i + 1));
      // Every message stored exactly once, in the order sent, under the number its ack gave.
      const questions = rows.filter((m) => m.sender === "visitor");
      expect(questions.map((m) => ({ clientId: m.clientId, seq: m.seq }))).toEqual(acks[c]!.map(({ clientId, seq }) => ({ clientId, seq })));
      // At most one answer per question, each after a question of this conversation.
      const answers = rows.filter((m) => m.sender === "bot");
      expect(new Set(answers.map((m) => m.clientId)).size).toBe(answers.length);
      for (const answer of answers) expect(questions.find((q) => q.id === answerTo(answer.clientId))?.seq ?? Infinity).toBeLessThan(answer.seq);
      // What the client saw, live and resumed, is exactly what is stored.
      expect(client.conflicts).toEqual([]);
      expect(client.view().map(({ id, seq, clientId, sender }) => ({ id, seq, clientId, sender }))).toEqual(rows);
    }
  });
});
