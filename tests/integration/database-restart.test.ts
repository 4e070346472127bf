import crypto from "node:crypto";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { createPiiCipher } from "../../domain/identity/pii-cipher";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { registerTestCustomer, TEST_USER_AGENT } from "../support/accounts";
import { call, sessionCookie } from "../support/chat-server";
import { createTestClock } from "../support/clock";
import { createPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";
import { startWebProcess, type WebProcess } from "../support/server-process";
import { TEST_DATA_KEY, testDatabaseKind, testDomainContext } from "../support/test-database";

type Ack = { ok: boolean; error?: string; seq?: number; conversationId?: string };
interface Answer {
  kind: "page" | "post";
  status: number;
  retryAfter: string | null;
  body: string;
}

const UNAVAILABLE = {
  en: "The service is briefly unavailable. Nothing was changed. Please try again in a moment.",
  zh: "服务暂时不可用，未作任何更改。请稍后重试。",
};

// NOTE: the embedded database runs inside the server process: there is no database to restart
// apart from the server, so this is PostgreSQL's case only.
describe.skipIf(testDatabaseKind() === "pglite")("a PostgreSQL restart under load (postgres only; skipped on PGlite: the database is inside the server process)", () => {
  let postgres: PrivatePostgres | undefined;
  let web: WebProcess | undefined;
  let cookie: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Its own cluster: restarting the shared server would break every other test running on it.
    postgres = await createPrivatePostgres();
    await postgres.start();
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE trustline");
    await admin.end();
    const databaseUrl = postgres.url("trustline");

    const database = await openDatabase({ databaseUrl });
    try {
      await migrateDatabase(database);
      const { token } = await registerTestCustomer(await testDomainContext(database.db, createTestClock()));
      cookie = await sessionCookie(token);
    } finally {
      await database.close();
    }
    web = await startWebProcess({ DATABASE_URL: databaseUrl, DATA_KEY: TEST_DATA_KEY });
  }, 120_000);

  afterAll(async () => {
    await web?.stop();
    for (const socket of sockets) socket.disconnect();
    await postgres?.destroy();
  });

  async function answer(kind: Answer["kind"], path: string, language = "en"): Promise<Answer> {
    const headers = { cookie, "user-agent": TEST_USER_AGENT, "accept-language": language };
    const response =
      kind === "page"
        ? await fetch(`${web!.url}${path}`, { headers, redirect: "manual" })
        : await fetch(`${web!.url}${path}`, {
            method: "POST",
            headers: { ...headers, origin: web!.url, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ locale: "en", redirectTo: "/portal" }),
            redirect: "manual",
          });
    return { kind, status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text() };
  }

  test("while it is down every answer is a retryable 503 or ack in the user's language; then the same process serves again", { timeout: 180_000 }, async () => {
    const visitor = `tl_visitor=${visitorCookieValue(createPiiCipher([TEST_DATA_KEY]), crypto.randomBytes(16).toString("hex"))}`;
    const socket = connect(`${web!.url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie: visitor }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const { conversationId } = await call<Ack>(socket, "chat:open", {});

    // The load: portal pages of a signed-in customer, the language form (a write), chat messages.
    const answers: Answer[] = [];
    const chatAcks: { clientId: string; ack: Ack }[] = [];
    let loading = true;
    const pages = async () => {
      while (loading) answers.push(await answer("page", "/portal"));
    };
    const posts = async () => {
      while (loading) answers.push(await answer("post", "/language"));
    };
    const chat = async () => {
      let n = 0;
      while (loading) {
        const clientId = `restart-${String(++n).padStart(4, "0")}`;
        // A message refused as unavailable is sent again, as the protocol asks, until stored.
        for (;;) {
          const ack = (await socket.timeout(10_000).emitWithAck("chat:send", { conversationId, clientId, text: `消息 ${n}` })) as Ack;
          chatAcks.push({ clientId, ack });
          if (ack.ok) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const load = Promise.all([pages(), pages(), posts(), chat()]).finally(() => (loading = false));
    // Awaited below; a failing assertion before then must not leave it unobserved.
    load.catch(() => {});
    const count = (predicate: (a: Answer) => boolean) => answers.filter(predicate).length;

    await expect.poll(() => count((a) => a.status === 200), { timeout: 30_000 }).toBeGreaterThan(5);
    await postgres!.crash();

    // Down: every kind of load meets the outage, and answers it as something to retry.
    await expect.poll(() => count((a) => a.kind === "page" && a.status === 503), { timeout: 30_000 }).toBeGreaterThan(2);
    await expect.poll(() => count((a) => a.kind === "post" && a.status === 503), { timeout: 30_000 }).toBeGreaterThan(2);
    await expect.poll(() => chatAcks.filter((c) => c.ack.error === "unavailable").length, { timeout: 30_000 }).toBeGreaterThan(2);
    const english = await answer("page", "/portal", "en");
    expect(english).toMatchObject({ status: 503, retryAfter: "5" });
    expect(english.body).toContain(UNAVAILABLE.en);
    expect(english.body).toContain('<html lang="en">');
    const chinese = await answer("page", "/portal", "zh-CN,zh;q=0.9");
    expect(chinese).toMatchObject({ status: 503, retryAfter: "5" });
    expect(chinese.body).toContain(UNAVAILABLE.zh);
    expect(chinese.body).toContain('<html lang="zh-CN">');
    // A form-only action answers with the sentence itself.
    expect(await answer("post", "/language", "zh-CN")).toMatchObject({ status: 503, retryAfter: "5", body: UNAVAILABLE.zh });
    const ready = await fetch(`${web!.url}/readyz`);
    expect(ready.status).toBe(503);
    // A signed-in customer's chat connecting now is told to try again, not refused for good.
    const late = connect(`${web!.url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie }, reconnection: false });
    sockets.push(late);
    const handshake = await new Promise<string>((resolve) => {
      late.once("connect_error", (error) => resolve(error.message));
      late.once("connect", () => resolve("connected"));
    });
    expect(handshake).toBe("unavailable");

    // Back: the same process, never restarted, serves pages, forms and the chat again.
    await postgres!.start();
    await expect.poll(async () => (await answer("page", "/portal")).status, { timeout: 60_000, interval: 250 }).toBe(200);
    const back = answers.length;
    await expect.poll(() => answers.slice(back).filter((a) => a.status === 200 || a.status === 302).length, { timeout: 30_000 }).toBeGreaterThan(5);
    loading = false;
    await load;
    expect(web!.running()).toBe(true);
    expect((await fetch(`${web!.url}/readyz`)).status).toBe(200);
    expect(answers.slice(back).filter((a) => a.status !== 200 && a.status !== 302)).toEqual([]);
    expect((await answer("post", "/language")).status).toBe(302);
    expect(await call<Ack>(socket, "chat:send", { conversationId, clientId: "restart-after", text: "还在吗" })).toMatchObject({ ok: true });

    // Never a 500 nor a stack trace; every 503 says when to try again.
    const unexpected = answers.filter((a) => ![200, 302, 503].includes(a.status));
    expect(unexpected.map((a) => `${a.kind} ${a.status}`)).toEqual([]);
    for (const a of answers.filter((a) => a.status === 503)) {
      expect(a.retryAfter).toBe("5");
      expect(a.body).not.toMatch(/\n\s+at |ECONNREFUSED|Connection terminated|DrizzleQueryError/);
    }
    // Chat: a message is either stored or refused as unavailable, never a server error; each
    // one retried is stored once.
    expect(chatAcks.filter((c) => !c.ack.ok && c.ack.error !== "unavailable")).toEqual([]);
    const { messages } = await call<{ messages: { clientId: string }[] }>(socket, "chat:resume", { conversationId, afterSeq: 0 });
    const sent = new Set(chatAcks.filter((c) => c.ack.ok).map((c) => c.clientId));
    const stored = messages.map((m) => m.clientId).filter((id) => sent.has(id));
    expect(stored.sort()).toEqual([...sent].sort());
    // The process logged the outage as such and nothing escaped unhandled.
    expect(web!.output()).not.toMatch(/Unhandled|uncaught|unhandledRejection/i);
    console.log(
      `database-restart: ${answers.length} HTTP answers (${count((a) => a.status === 503)} × 503), ` +
        `${chatAcks.length} chat acks (${chatAcks.filter((c) => c.ack.error === "unavailable").length} unavailable)`,
    );
  });
});
