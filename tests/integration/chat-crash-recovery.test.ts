import crypto from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, describe, expect, test } from "vitest";
import { chatMessages } from "../../db/schema";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { call } from "../support/chat-server";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { createTestDatabase, TEST_DATA_KEY, testDatabaseKind, type TestDatabase } from "../support/test-database";

// 200 messages as 10 visitors × 20: each stays under the 30-a-minute limit, retries included.
const CLIENTS = 10;
const MESSAGES = 20;
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
          ack = (await socket.timeout(5_000).emitWithAck("chat:send", { conversationId, clientId, text })) as SendAck;
        } catch {
          continue; // no acknowledgement: the server may or may not have it, so the same id again
        }
        if (!ack.ok) throw new Error(`${clientId}: ${ack.error}`);
        if (resumeNeeded) await this.resume();
        return ack;
      }
    },
    async resume() {
      resumeNeeded = false;
      const { messages } = await call<{ messages: Message[] }>(socket, "chat:resume", { conversationId, afterSeq: lastSeq });
      messages.forEach(receive);
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

describe(`a server killed in the middle of a burst (${testDatabaseKind()})`, () => {
  let testDatabase: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await testDatabase?.destroy();
  });

  test("loses no acknowledged message and stores none twice; every client ends with all of them in order", { timeout: 180_000 }, async () => {
    // The child owns the database (and on PGlite its folder); this process opens it only at the end.
    testDatabase = await createTestDatabase();
    server = await startServerProcess(testDatabase.env);
    const { port } = server;
    const cipher = createPiiCipher([TEST_DATA_KEY]);
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => chatClient(server!.url, `tl_visitor=${visitorCookieValue(cipher, crypto.randomBytes(16).toString("hex"))}`)),
    );
    sockets.push(...clients.map((c) => c.socket));

    // The first instance answers until half the burst is acknowledged, then dies on the spot.
    let acknowledged = 0;
    let restarted = false;
    let crash: Promise<void> | undefined;
    const acks = clients.map(() => [] as { clientId: string; seq: number; afterRestart: boolean }[]);
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < MESSAGES; i++) {
          const clientId = `crash-${c}-${String(i).padStart(2, "0")}`;
          const { seq } = await client.send(clientId, `${QUESTIONS[i % QUESTIONS.length]} (${i})`);
          acks[c]!.push({ clientId, seq, afterRestart: restarted });
          if (++acknowledged === (CLIENTS * MESSAGES) / 2) {
            crash = (async () => {
              await server!.kill();
              server = await restart(testDatabase!.env, port);
              restarted = true;
            })();
          }
        }
        await client.resume();
      }),
    );
    await crash;
    const beforeCrash = acks.flat().filter((a) => !a.afterRestart).length;
    expect(beforeCrash).toBeGreaterThanOrEqual((CLIENTS * MESSAGES) / 2);
    expect(beforeCrash).toBeLessThan(CLIENTS * MESSAGES);

    // The bot answers every question the restarted server acknowledged (a retried one included);
    // one whose answer died with the first server stays unanswered rather than answered twice.
    await Promise.all(
      clients.map((client, c) =>
        client.until(() => {
          const view = client.view();
          const answered = new Set(view.map((m) => answerTo(m.clientId)));
          return acks[c]!.filter((a) => a.afterRestart).every((a) => answered.has(view.find((m) => m.clientId === a.clientId)?.id ?? "missing"));
        }),
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

    for (const [c, client] of clients.entries()) {
      const rows = stored.filter((m) => m.conversationId === client.conversationId).map(({ id, seq, clientId, sender }) => ({ id, seq, clientId, sender }));
      // Numbered 1..n with no gap and no repeat.
      expect(rows.map((m) => m.seq)).toEqual(rows.map((_, i) => i + 1));
      // Every message stored exactly once, in the order sent, under the number its ack gave.
      const questions = rows.filter((m) => m.sender === "visitor");
      expect(questions.map((m) => ({ clientId: m.clientId, seq: m.seq }))).toEqual(acks[c]!.map(({ clientId, seq }) => ({ clientId, seq })));
      // At most one answer per question, each to a question of this conversation.
      const answers = rows.filter((m) => m.sender === "bot").map((m) => m.clientId);
      expect(new Set(answers).size).toBe(answers.length);
      expect(answers.every((id) => questions.some((q) => answerTo(id) === q.id))).toBe(true);
      // What the client saw, live and resumed, is exactly what is stored.
      expect(client.conflicts).toEqual([]);
      expect(client.view().map(({ id, seq, clientId, sender }) => ({ id, seq, clientId, sender }))).toEqual(rows);
    }
  });
});
