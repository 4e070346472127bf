import { afterAll, describe, expect, test } from "vitest";
import { migrateDatabase } from "../../db/migrate";
import { outbox } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import { uniqueEmail } from "../support/accounts";
import { startAfterKill, startOutboxWorkerProcess, type OutboxWorkerProcess } from "../support/server-process";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/test-database";

const EMAILS = 500;

describe(`an SMTP outage through a batch of ${EMAILS} emails, with the worker killed twice (${testDatabaseKind()})`, () => {
  let testDatabase: TestDatabase | undefined;
  let sink: SmtpSink | undefined;
  let worker: OutboxWorkerProcess | undefined;
  afterAll(async () => {
    await worker?.stop();
    await sink?.stop();
    await testDatabase?.destroy();
  });

  test("every email arrives once SMTP is back; a second copy carries the first one's Message-ID", { timeout: 600_000 }, async () => {
    const started = performance.now();
    testDatabase = await createTestDatabase();
    // Enqueued as the product does, inside the transactions of the changes they report.
    const database = await testDatabase.open();
    const enqueued = new Map<string, string>();
    try {
      await migrateDatabase(database);
      for (let batch = 0; batch < EMAILS / 50; batch++) {
        await database.db.transaction(async (tx) => {
          for (let i = 0; i < 50; i++) {
            const to = uniqueEmail("outage");
            const number = `TL20261129${String(batch * 50 + i).padStart(6, "0")}`;
            const { messageId } = await enqueueEmail(tx, { template: "request.completed", to, locale: i % 2 ? "en" : "zh-CN", params: { number }, now: new Date() });
            enqueued.set(messageId, to);
          }
        });
      }
    } finally {
      // PGlite: the worker process needs the folder.
      await database.close();
    }

    sink = await startSmtpSink();
    const env = { ...testDatabase.env, SMTP_URL: sink.url };
    await sink.stop();

    // SMTP is down: the first worker fails send after send; it is killed half-way through the batch.
    let failed = 0;
    let halfFailedNow = () => {};
    const halfFailed = new Promise<void>((resolve) => (halfFailedNow = resolve));
    worker = await startOutboxWorkerProcess(env, () => {
      if (++failed === EMAILS / 2) halfFailedNow();
    });
    await halfFailed;
    await worker.kill();
    worker = undefined;
    const failedBeforeKill = failed;
    expect(sink.received).toEqual([]);

    // SMTP is back; a second worker starts sending and is killed in the middle of it too.
    await sink.start();
    worker = await startAfterKill(() => startOutboxWorkerProcess(env));
    await expect.poll(() => sink!.received.length, { timeout: 90_000, interval: 20 }).toBeGreaterThanOrEqual(EMAILS / 3);
    await worker.kill();
    worker = undefined;
    const receivedBeforeSecondKill = sink.received.length;
    expect(receivedBeforeSecondKill).toBeLessThan(EMAILS);

    // A third worker finishes: every email arrives.
    worker = await startAfterKill(() => startOutboxWorkerProcess(env));
    await expect.poll(() => new Set(sink!.received.map((m) => m.messageId)).size, { timeout: 90_000, interval: 100 }).toBe(EMAILS);
    await worker.stop();
    worker = undefined;

    // Each is the email enqueued under its Message-ID, to its recipient; a copy sent twice (a
    // worker killed between the send and its record) is the same message, so mail clients fold it.
    const copies = new Map<string, number>();
    for (const mail of sink.received) {
      expect(mail.messageId).not.toBeNull();
      expect(mail.envelopeTo).toEqual([enqueued.get(mail.messageId!)]);
      copies.set(mail.messageId!, (copies.get(mail.messageId!) ?? 0) + 1);
    }
    expect([...copies.keys()].sort()).toEqual([...enqueued.keys()].sort());
    const duplicates = sink.received.length - EMAILS;

    // The outbox agrees: all sent, none given up; the emails the first worker tried during the
    // outage took more than one attempt, the rest went out at the first.
    const after = await testDatabase.open();
    try {
      const rows = await after.db.select({ status: outbox.status, attempts: outbox.attempts, lastError: outbox.lastError }).from(outbox);
      expect(rows).toHaveLength(EMAILS);
      expect(rows.every((r) => r.status === "sent" && r.lastError === null)).toBe(true);
      const retried = rows.filter((r) => r.attempts > 1).length;
      expect(retried).toBeGreaterThanOrEqual(EMAILS / 2);
      expect(retried).toBeLessThan(EMAILS);
    } finally {
      await after.close();
    }
    console.log(
      `email-outage: ${failedBeforeKill} failed sends before the first kill, ${receivedBeforeSecondKill} received before the second, ` +
        `${duplicates} duplicate(s) with the same Message-ID, ${Math.round((performance.now() - started) / 1000)} s`,
    );
  });
});
