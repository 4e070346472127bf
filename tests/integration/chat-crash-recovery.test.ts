import crypto from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, describe, expect, test } from "vitest";
import { chatMessages } from "../../db/schema";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { call } from "../support/chat-server";
import { seededRandom } from "../support/seeded-random";
import { startAfterKill, startServerProcess, type ServerProcess } from "../support/server-process";
import { createTestDatabase, TEST_DATA_KEY, testDatabaseKind, type TestDatabase } from "../support/test-database";

// 4,000 messages as 20 visitors × 200, and the server killed 5 times in the middle of them.
const CLIENTS = 20;
const MESSAGES = 200;
const KILLS = 5;
const TOTAL = CLIENTS * MESSAGES;
// Above the 200 a visitor sends here (retries included), so the limit never interferes.
const CHAT_MESSAGES_PER_MINUTE = "1000";
const QUESTIONS = ["怎么开户", "How do I report a lost card?", "信用卡额度怎么调整", "What are your opening hours?", "转账限额是多少"];

type Message = { id: string; seq: number; clientId: string; sender: string };
type SendAck = { ok: boolean; error?: string; seq: number; duplicate: boolean };

/** The bot's replies carry the id of the question they answer: `bot-<question id>-<n>`. */
const answerTo = (clientId: string) => /^bot-(.+)-\d+$/.exec(clientId)?.[1];

/**
 * A chat client as docs/chat-protocol.md describes it: keeps what it has seen by seq, sends each
 * message until acknowledged with the same clientId, and resumes from its last seq after a
 * disconnect.
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
  let lastSeq = 0;
  let resumeNeeded = false;
  const receive = (message: Message) => {
    const known = seen.get(message.seq);
    if (known && known.id !== message.id) conflicts.push([known, message]);
    seen.set(message.seq, message);
    lastSeq = Math.max(lastSeq, message.seq);
    for (const wake of waiters) wake();
  };
  socket.on("chat:message", receive);
  socket.on("disconnect", () => (resumeNeeded = true));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const { conversationId } = await call<{ conversationId: string }>(socket, "chat:open", {});

  return {
    socket,
    conversationId,
    conflicts,
    /** Everything seen, live and resumed, in seq order. */
    view: () => [...seen.values()].sort((x, y) => x.seq - y.seq),
    async send(clientId: string, text: string): Promise<SendAck> {
      for (;;) {
        if (!socket.connected) await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        let ack: SendAck;
        try {
          // Long enough for a busy machine: a shorter wait resends to a server that is merely slow,
          // and a dead server's disconnect fails the wait at once anyway.
          ack = (await socket.timeout(30_000).emitWithAck("chat:send", { conversationId, clientId, text })) as SendAck;
        } catch {
          continue; // no acknowledgement: the server may or may not have it, so the same id again
        }
        if (!ack.ok) throw new Error(`${clientId}: ${ack.error}`);
        if (resumeNeeded) await this.resume();
        return ack;
      }
    },
    async resume() {
      for (;;) {
        if (!socket.connected) await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        resumeNeeded = false;
        try {
          const { messages } = await call<{ messages: Message[] }>(socket, "chat:resume", { conversationId, afterSeq: lastSeq });
          messages.forEach(receive);
          return;
        } catch {
          resumeNeeded = true; // cut off by a kill: again once reconnected
        }
      }
    },
    /** Resolves once `done()` holds, checked on every delivery. */
    until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`still waiting after ${timeoutMs} ms; seen seqs ${[...seen.keys()].join(",")}`));
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

/**
 * The moments of the kills, as counts of acknowledged messages: random, between 5% and 90% of
 * the burst, at least 2% apart. The seed is printed, and CHAOS_SEED replays a failed run.
 */
function killPoints(random: () => number): number[] {
  for (;;) {
    const points = Array.from({ length: KILLS }, () => Math.floor(TOTAL * (0.05 + 0.85 * random()))).sort((a, b) => a - b);
    if (points.every((p, i) => i === 0 || p - points[i - 1]! >= TOTAL * 0.02)) return points;
  }
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

  test("loses no acknowledged message and stores none twice; every client ends with all of them in order", { timeout: 600_000 }, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? crypto.randomInt(2 ** 31));
    console.log(`chat-crash-recovery: CHAOS_SEED=${seed}`);
    const points = killPoints(seededRandom(seed));
    const started = performance.now();

    // The child owns the database (and on PGlite its folder); this process opens it only at the end.
    testDatabase = await createTestDatabase();
    const env = { ...testDatabase.env, CHAT_MESSAGES_PER_MINUTE };
    // A fresh embedded database is migrated on the first start: slow on a busy machine.
    server = await startServerProcess(env, 120_000);
    const { port } = server;
    const cipher = createPiiCipher([TEST_DATA_KEY]);
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => chatClient(server!.url, `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`)),
    );
    sockets.push(...clients.map((c) => c.socket));

    // Each instance answers until the next kill point, then dies on the spot. An ack received
    // belongs to the instance of the moment: none arrives between a kill and the next start.
    let acknowledged = 0;
    let instance = 0;
    const wake: (() => void)[] = [];
    const reached = points.map((_, k) => new Promise<void>((resolve) => (wake[k] = resolve)));
    const chaos = (async () => {
      for (const [k, point] of points.entries()) {
        await reached[k];
        await server!.kill();
        instance++;
        console.log(`chat-crash-recovery: kill ${k + 1} after ${point} acks, ${Math.round(performance.now() - started)} ms in`);
        server = await startAfterKill(() => startServerProcess({ ...env, PORT: String(port) }, 120_000), 120_000);
      }
    })();
    const acks = clients.map(() => [] as { clientId: string; seq: number; instance: number }[]);
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < MESSAGES; i++) {
          const clientId = `crash-${c}-${String(i).padStart(3, "0")}`;
          const { seq } = await client.send(clientId, `${QUESTIONS[i % QUESTIONS.length]} (${i})`);
          acks[c]!.push({ clientId, seq, instance });
          acknowledged++;
          for (const [k, point] of points.entries()) if (acknowledged === point) wake[k]!();
        }
        await client.resume();
      }),
    );
    await chaos;
    // Every instance acknowledged some of the burst: each kill fell in the middle of it.
    const byInstance = Array.from({ length: KILLS + 1 }, (_, n) => acks.flat().filter((a) => a.instance === n).length);
    expect(byInstance.every((n) => n > 0)).toBe(true);

    // The bot answers every question the last instance acknowledged (a retried one included).
    // One whose answer died with a killed instance stays unanswered rather than answered twice:
    // by then the visitor has asked the next one (find-unanswered-questions.ts).
    await Promise.all(
      clients.map((client, c) =>
        client.until(() => {
          const view = client.view();
          const answered = new Set(view.map((m) => answerTo(m.clientId)));
          return acks[c]!.filter((a) => a.instance === KILLS).every((a) => answered.has(view.find((m) => m.clientId === a.clientId)?.id ?? "missing"));
        }, 60_000),
      ),
    );
    await server!.stop();
    server = undefined;

    const database = await testDatabase.open();
    const stored = await database.db
      .select({ id: chatMessages.id, seq: chatMessages.seq, clientId: chatMessages.clientId, sender: chatMessages.sender, conversationId: chatMessages.conversationId })
      .from(chatMessages)
      .where(inArray(chatMessages.conversationId, clients.map((c) => c.conversationId)))
      .orderBy(asc(chatMessages.seq));
    await database.close();

    let unanswered = 0;
    for (const [c, client] of clients.entries()) {
      const rows = stored.filter((m) => m.conversationId === client.conversationId).map(({ id, seq, clientId, sender }) => ({ id, seq, clientId, sender }));
      // Numbered 1..n with no gap and no repeat.
      expect(rows.map((m) => m.seq)).toEqual(rows.map((_, i) => i + 1));
      // Every message stored exactly once, in the order sent, under the number its ack gave.
      const questions = rows.filter((m) => m.sender === "visitor");
      expect(questions.map((m) => ({ clientId: m.clientId, seq: m.seq }))).toEqual(acks[c]!.map(({ clientId, seq }) => ({ clientId, seq })));
      // At most one answer per question, each to a question of this conversation, after it.
      const answers = rows.filter((m) => m.sender === "bot");
      expect(new Set(answers.map((m) => answerTo(m.clientId))).size).toBe(answers.length);
      for (const answer of answers) {
        const question = questions.find((q) => q.id === answerTo(answer.clientId));
        expect(question?.seq).toBeLessThan(answer.seq);
      }
      // Only a question acknowledged by an instance that was killed may have lost its answer.
      const answered = new Set(answers.map((m) => answerTo(m.clientId)));
      const lost = acks[c]!.filter((a) => !answered.has(questions.find((q) => q.clientId === a.clientId)!.id));
      expect(lost.filter((a) => a.instance === KILLS)).toEqual([]);
      unanswered += lost.length;
      // What the client saw, live and resumed, is exactly what is stored.
      expect(client.conflicts).toEqual([]);
      expect(client.view().map(({ id, seq, clientId, sender }) => ({ id, seq, clientId, sender }))).toEqual(rows);
    }
    console.log(
      `chat-crash-recovery: ${TOTAL} messages, ${KILLS} kills, acks per instance ${byInstance.join("/")}, ` +
        `${unanswered} answers lost with a killed instance, ${Math.round((performance.now() - started) / 1000)} s`,
    );
  });
});
