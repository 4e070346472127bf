import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Database, DatabaseHandle, Executor } from "../../db/client";
import { outbox } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import { createMailTransport, type MailTransport } from "../../emails/mailer";
import { describeSendError, OUTBOX_DEFAULTS, retryDelayMs, runOutboxOnce, startOutboxWorker, type MailLogger } from "../../emails/outbox-worker";
import { uniqueEmail } from "../support/accounts";
import { HOUR, SECOND } from "../support/clock";
import { startSmtpSink, unusedPort, type SmtpSink } from "../support/smtp-sink";
import { openTestServices, type TestServices } from "../support/test-database";

let services: TestServices;
let db: Database;
let sink: SmtpSink;
let transport: MailTransport;
const transports: MailTransport[] = [];

beforeAll(async () => {
  services = await openTestServices();
  db = services.domain.db;
  sink = await startSmtpSink();
  transport = createMailTransport(sink.url);
  transports.push(transport);
});

afterAll(async () => {
  for (const t of transports) t.close();
  await sink?.stop();
  await services?.cleanup();
});

beforeEach(async () => {
  await db.delete(outbox);
  sink.received.length = 0;
  await sink.start();
});

let sequence = 0;
function enqueueCompleted(tx: Executor, to = uniqueEmail("recipient")) {
  sequence++;
  return enqueueEmail(tx, {
    template: "request.completed",
    to,
    locale: sequence % 2 === 0 ? "en" : "zh-CN",
    params: { number: `TL20261128${String(sequence).padStart(6, "0")}` },
    now: services.clock.now(),
  });
}

async function rows() {
  return db.select().from(outbox).orderBy(asc(outbox.createdAt), asc(outbox.messageId));
}

/** Runs passes until one finds nothing due; returns how many emails this worker sent. */
async function drain(options: { db: Database; transport: MailTransport; batchSize: number }): Promise<number> {
  let sent = 0;
  for (;;) {
    const result = await runOutboxOnce({ ...options, now: services.clock.now });
    if (result.claimed === 0) return sent;
    sent += result.sent;
  }
}

function receivedIds(): string[] {
  return sink.received.map((m) => m.messageId ?? "").sort();
}

describe("the email outbox", () => {
  test("an email enqueued in a transaction that rolls back is never sent", async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueCompleted(tx);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    expect(await rows()).toEqual([]);
    expect(await runOutboxOnce({ db, transport, now: services.clock.now })).toMatchObject({ claimed: 0, sent: 0 });
    expect(sink.received).toEqual([]);
  });

  test("an enqueued email is sent once, with its own Message-ID, subject and recipient", async () => {
    const to = uniqueEmail("once");
    const { messageId } = await db.transaction((tx) => enqueueCompleted(tx, to));
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@trustline\.local>$/);

    expect(await runOutboxOnce({ db, transport, now: services.clock.now })).toMatchObject({ claimed: 1, sent: 1 });
    expect(await runOutboxOnce({ db, transport, now: services.clock.now })).toMatchObject({ claimed: 0 });

    const [row] = await rows();
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, sentAt: services.clock.now() });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toMatchObject({ messageId, envelopeTo: [to], subject: row!.subject, from: expect.stringMatching(/^"?Trustline"? <no-reply@trustline\.local>$/) });
    expect(sink.received[0]!.text).toContain(row!.subject.match(/TL\d+/)![0]);
  });

  test("two workers running at once send each of 20 emails exactly once", async () => {
    const enqueued: string[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) enqueued.push((await enqueueCompleted(tx)).messageId);
    });

    // On PostgreSQL the second worker gets its own pool, as another instance would; PGlite has
    // one connection per process, so there the two take turns on it.
    let second: DatabaseHandle | null = null;
    if (services.kind === "postgres") second = await services.testDatabase.open();
    try {
      const [a, b] = await Promise.all([
        drain({ db, transport, batchSize: 3 }),
        drain({ db: second?.db ?? db, transport: createMailTransport(sink.url), batchSize: 3 }),
      ]);
      expect(a + b).toBe(20);
    } finally {
      await second?.close();
    }

    expect(receivedIds()).toEqual([...enqueued].sort());
    expect(new Set(receivedIds()).size).toBe(20);
    const after = await rows();
    expect(after.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  test("an SMTP outage delays emails and loses none; they go out once after it", async () => {
    const logs: unknown[] = [];
    const record = (fields: object, message: string) => void logs.push({ ...fields, message });
    const logger: MailLogger = { info: record, warn: record, error: record };

    const recipients = [uniqueEmail("outage"), uniqueEmail("outage"), uniqueEmail("outage")];
    const enqueued: string[] = [];
    await db.transaction(async (tx) => {
      for (const to of recipients) enqueued.push((await enqueueCompleted(tx, to)).messageId);
    });

    await sink.stop();
    const failedAt = services.clock.now();
    expect(await runOutboxOnce({ db, transport, now: services.clock.now, logger })).toMatchObject({ claimed: 3, sent: 0, retrying: 3 });
    for (const row of await rows()) {
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(1);
      expect(row.nextAttemptAt.getTime()).toBe(failedAt.getTime() + 30 * SECOND);
      expect(row.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    }
    // The failures are logged, without the addresses.
    expect(logs).toHaveLength(3);
    const logText = JSON.stringify(logs);
    for (const to of recipients) expect(logText).not.toContain(to);
    expect(logText).not.toContain("@");

    // Not due again before the backoff has passed, even with the server back.
    await sink.start();
    services.clock.advance(29 * SECOND);
    expect(await runOutboxOnce({ db, transport, now: services.clock.now })).toMatchObject({ claimed: 0 });
    expect(sink.received).toEqual([]);

    services.clock.advance(2 * SECOND);
    expect(await drain({ db, transport, batchSize: 10 })).toBe(3);
    expect(receivedIds()).toEqual([...enqueued].sort());
    for (const row of await rows()) expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });

    services.clock.advance(HOUR);
    expect(await drain({ db, transport, batchSize: 10 })).toBe(0);
    expect(sink.received).toHaveLength(3);
  });

  test(`an email that keeps failing is given up after ${OUTBOX_DEFAULTS.maxAttempts} attempts, and left alone after that`, async () => {
    const nowhere = createMailTransport(`smtp://127.0.0.1:${await unusedPort()}`);
    transports.push(nowhere);
    await db.transaction((tx) => enqueueCompleted(tx));

    for (let attempt = 1; attempt <= OUTBOX_DEFAULTS.maxAttempts; attempt++) {
      const result = await runOutboxOnce({ db, transport: nowhere, now: services.clock.now });
      const [row] = await rows();
      if (attempt < OUTBOX_DEFAULTS.maxAttempts) {
        expect(result).toMatchObject({ claimed: 1, retrying: 1 });
        expect(row).toMatchObject({ status: "pending", attempts: attempt });
        expect(row!.nextAttemptAt.getTime() - services.clock.now().getTime()).toBe(retryDelayMs(attempt));
      } else {
        expect(result).toMatchObject({ claimed: 1, dead: 1 });
        expect(row).toMatchObject({ status: "dead", attempts: attempt });
      }
      services.clock.advance(2 * HOUR);
    }
    expect(await runOutboxOnce({ db, transport, now: services.clock.now })).toMatchObject({ claimed: 0 });
    expect(sink.received).toEqual([]);
  });

  test("the polling worker sends what is enqueued and stops cleanly", async () => {
    const worker = startOutboxWorker({ db, transport, now: services.clock.now, intervalMs: 20 });
    try {
      const { messageId } = await db.transaction((tx) => enqueueCompleted(tx));
      await expect.poll(() => receivedIds(), { timeout: 10_000 }).toEqual([messageId]);
    } finally {
      await worker.stop();
    }
    // Stopped: stop() resolved only once the polling loop ended, so nothing more goes out.
    await db.transaction((tx) => enqueueCompleted(tx));
    expect(sink.received).toHaveLength(1);
    const pending = await db.select().from(outbox).where(eq(outbox.status, "pending"));
    expect(pending).toHaveLength(1);
  });
});

describe("retry timing and error reports", () => {
  test("retries back off from 30 seconds, doubling, to at most an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30 * SECOND, 60 * SECOND, 120 * SECOND, 240 * SECOND]);
    expect(retryDelayMs(8)).toBe(HOUR);
    expect(retryDelayMs(11)).toBe(HOUR);
  });

  test("addresses quoted by an SMTP server are left out of error reports", () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <wang.fang@example.test>: Recipient address rejected"), {
      code: "EENVELOPE",
      responseCode: 550,
    });
    const described = describeSendError(error);
    expect(described).toContain("EENVELOPE 550");
    expect(described).not.toContain("wang.fang");
    expect(described).not.toContain("@");
  });
});
