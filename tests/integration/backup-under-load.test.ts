import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setLocale } from "../../domain/accounts/set-locale";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { visitorCookieValue } from "../../server/visitor-cookie";
import { getUser, registerTestCustomer } from "../support/accounts";
import { call } from "../support/chat-server";
import { runTsx } from "../support/processes";
import { startServerProcess, type ServerProcess } from "../support/server-process";
import { createTestDatabase, openTestServices, testDatabaseKind, type TestDatabase, type TestServices } from "../support/test-database";

const kind = testDatabaseKind();

describe(`npm run backup while the product is writing (${kind})`, () => {
  let source: TestServices | undefined;
  let embedded: TestDatabase | undefined;
  let target: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let workDir: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-backup-load-"));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
    await source?.cleanup();
    await embedded?.destroy();
    await target?.destroy();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  // NOTE: the embedded database is locked by the process that serves it; a second process —
  // the backup command included — is refused rather than allowed to read it half-written.
  test.runIf(kind === "pglite")("of the embedded database is refused with a clear message while the server runs", { timeout: 120_000 }, async () => {
    embedded = await createTestDatabase();
    server = await startServerProcess(embedded.env);
    const backup = await runTsx("cli/backup.ts", [path.join(workDir, "live.jsonl.gz")], embedded.env);
    expect(backup.code).toBe(1);
    expect(backup.stderr.trim()).toMatch(/^The data folder .+ is in use by another Trustline process\./);
    await expect(fs.access(path.join(workDir, "live.jsonl.gz"))).rejects.toThrow();
  });

  test.runIf(kind === "postgres")("restores into an empty database on which audit:verify passes", { timeout: 180_000 }, async () => {
    source = await openTestServices();
    const ctx = source.domain;
    const sourceEnv = source.testDatabase.env;
    const env = { ...sourceEnv, CHAT_MESSAGES_PER_MINUTE: "1000" };
    server = await startServerProcess(env);
    const customers = await Promise.all([1, 2, 3].map(() => registerTestCustomer(ctx)));

    // Writers: customers submitting requests and changing their language (both audited), and
    // visitors chatting with the bot through the chat server — until the backup is done.
    let writing = true;
    const written = { requests: 0, audited: 0, chat: 0 };
    const requestWriter = async (customerId: string, n: number) => {
      while (writing) {
        await submitRequest(ctx, {
          customer: await getUser(ctx, customerId),
          details: { type: "inquiry", subject: `挂失 ${n}`, message: "How do I report a lost card?" },
        });
        written.requests++;
        await setLocale(ctx, { userId: customerId, locale: written.requests % 2 ? "en" : "zh-CN" });
        written.audited++;
      }
    };
    const chatWriter = async () => {
      const cookie = `tl_visitor=${visitorCookieValue(ctx.cipher, crypto.randomBytes(16).toString("hex"))}`;
      const socket = connect(`${server!.url}/chat`, { forceNew: true, transports: ["websocket"], extraHeaders: { cookie } });
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      const { conversationId } = await call<{ conversationId: string }>(socket, "chat:open", {});
      for (let i = 0; writing; i++) {
        await call(socket, "chat:send", { conversationId, clientId: `backup-load-${crypto.randomUUID()}`, text: `转账限额是多少 ${i}` });
        written.chat++;
      }
    };
    const load = Promise.all([...customers.map((c, n) => requestWriter(c.user.id, n)), chatWriter(), chatWriter()]);
    load.catch(() => {});
    await expect.poll(() => written.requests + written.chat, { timeout: 30_000 }).toBeGreaterThan(20);

    const file = path.join(workDir, "under-load.jsonl.gz");
    const before = { ...written };
    const backup = await runTsx("cli/backup.ts", [file], sourceEnv, 120_000);
    const during = { requests: written.requests - before.requests, chat: written.chat - before.chat };
    writing = false;
    await load;
    expect(backup).toMatchObject({ code: 0, stderr: "" });
    // The writers kept writing while the backup read.
    expect(during.requests + during.chat).toBeGreaterThan(0);
    const auditRows = Number(/audit_log +(\d+) rows/.exec(backup.stdout)?.[1]);
    expect(auditRows).toBeGreaterThan(0);

    target = await createTestDatabase();
    const restore = await runTsx("cli/restore.ts", [file], target.env, 120_000);
    expect(restore).toMatchObject({ code: 0, stderr: "" });
    expect(restore.stdout).toContain(`audit chain intact: ${auditRows} rows`);
    const verify = await runTsx("cli/audit-verify.ts", [], target.env);
    expect(verify).toMatchObject({ code: 0, stderr: "" });
    expect(verify.stdout.trim()).toBe(`audit chain intact: ${auditRows} rows`);
    // The live trail went on after the snapshot and still holds.
    const live = await runTsx("cli/audit-verify.ts", [], sourceEnv);
    expect(live.code).toBe(0);
    console.log(`backup-under-load: ${written.requests} requests, ${written.audited} language changes, ${written.chat} chat messages; ${during.requests + during.chat} written during the backup; ${auditRows} audit rows restored`);
  });
});
