import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Database } from "../db/client";
import { outbox, type OutboxRow } from "../db/schema";
import type { MailTransport } from "./mailer";

/** pino's shape, so the server's logger fits; the worker never logs addresses or bodies. */
export interface MailLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const silent: MailLogger = { info() {}, warn() {}, error() {} };

export const OUTBOX_DEFAULTS = {
  batchSize: 10,
  /** How long a claimed row stays invisible to other workers. */
  leaseMs: 60_000,
  /** One send may take this long; it must stay well inside the lease. */
  sendTimeoutMs: 15_000,
  backoffBaseMs: 30_000,
  backoffCapMs: 60 * 60_000,
  maxAttempts: 12,
  intervalMs: 2_000,
} as const;

export interface RunOutboxOptions {
  db: Database;
  transport: MailTransport;
  now: () => Date;
  batchSize?: number;
  leaseMs?: number;
  sendTimeoutMs?: number;
  maxAttempts?: number;
  logger?: MailLogger;
  /** Aborted when the worker stops: the send in flight is cut short and the rest released. */
  signal?: AbortSignal;
}

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  retrying: number;
  dead: number;
  /** Claimed but handed back unsent (the lease was running out, or the worker is stopping). */
  released: number;
}

/** 30 s after the first failure, doubling, at most an hour apart. */
export function retryDelayMs(attempts: number): number {
  return Math.min(OUTBOX_DEFAULTS.backoffCapMs, OUTBOX_DEFAULTS.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

// SMTP replies quote addresses ("550 <x@y>: Recipient address rejected"), and logs must not.
function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g, "[address]");
}

export function describeSendError(error: unknown): string {
  const fields = (typeof error === "object" && error ? error : {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  const tags = [fields.code, fields.responseCode, fields.command].filter((v) => typeof v === "string" || typeof v === "number");
  const message = error instanceof Error ? error.message : String(error);
  return redactAddresses(tags.length > 0 ? `${tags.join(" ")}: ${message}` : message).slice(0, 500);
}

/**
 * Claims due rows and pushes them a lease into the future, in one short transaction. SKIP LOCKED
 * lets workers on other connections pass over rows being claimed instead of waiting for them;
 * once committed, the lease keeps those rows out of every other worker's `due` query.
 */
async function claimDueRows(db: Database, at: Date, leaseUntil: Date, batchSize: number): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, at)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.createdAt))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (due.length > 0) {
      await tx
        .update(outbox)
        .set({ nextAttemptAt: leaseUntil })
        .where(inArray(outbox.id, due.map((row) => row.id)));
    }
    return due;
  });
}

/**
 * One pass of the outbox: claim up to `batchSize` due emails, send each, record the outcome.
 * Safe to run on every instance at once; on PGlite (one connection) runs simply take turns.
 */
export async function runOutboxOnce(options: RunOutboxOptions): Promise<OutboxRunResult> {
  const { db, transport, now } = options;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const sendTimeoutMs = Math.min(options.sendTimeoutMs ?? OUTBOX_DEFAULTS.sendTimeoutMs, leaseMs);
  const maxAttempts = options.maxAttempts ?? OUTBOX_DEFAULTS.maxAttempts;
  const logger = options.logger ?? silent;
  const result: OutboxRunResult = { claimed: 0, sent: 0, retrying: 0, dead: 0, released: 0 };
  if (options.signal?.aborted) return result;

  const claimedAt = now();
  const leaseUntil = new Date(claimedAt.getTime() + leaseMs);
  const rows = await claimDueRows(db, claimedAt, leaseUntil, batchSize);
  result.claimed = rows.length;
  // Our own claim: a row whose next_attempt_at moved on was re-claimed by another worker after
  // our lease ran out, and is theirs now.
  const stillOurs = (id: string) => and(eq(outbox.id, id), eq(outbox.status, "pending"), eq(outbox.nextAttemptAt, leaseUntil));
  const started = performance.now();

  for (const [index, row] of rows.entries()) {
    const leaseLeft = leaseMs - (performance.now() - started);
    if (options.signal?.aborted || leaseLeft < sendTimeoutMs) {
      const rest = rows.slice(index).map((r) => r.id);
      await db
        .update(outbox)
        .set({ nextAttemptAt: now() })
        .where(and(inArray(outbox.id, rest), eq(outbox.status, "pending"), eq(outbox.nextAttemptAt, leaseUntil)));
      result.released = rest.length;
      break;
    }

    const attempts = row.attempts + 1;
    const timeout = AbortSignal.timeout(sendTimeoutMs);
    try {
      await transport.send(
        { messageId: row.messageId, to: row.toAddress, subject: row.subject, text: row.textBody, html: row.htmlBody },
        { signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout },
      );
    } catch (error) {
      const lastError = describeSendError(error);
      const giveUp = attempts >= maxAttempts;
      const updated = await db
        .update(outbox)
        .set(
          giveUp
            ? { status: "dead", attempts, lastError }
            : { attempts, lastError, nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)) },
        )
        .where(stillOurs(row.id))
        .returning({ id: outbox.id });
      if (updated.length === 0) {
        logger.warn({ outboxId: row.id, template: row.template }, "outbox row was re-claimed while its send failed");
      } else if (giveUp) {
        result.dead++;
        logger.error({ outboxId: row.id, template: row.template, attempts, error: lastError }, "email given up after its last attempt");
      } else {
        result.retrying++;
        logger.warn({ outboxId: row.id, template: row.template, attempts, error: lastError }, "email not sent; will retry");
      }
      continue;
    }

    const updated = await db
      .update(outbox)
      .set({ status: "sent", sentAt: now(), attempts, lastError: null })
      .where(stillOurs(row.id))
      .returning({ id: outbox.id });
    if (updated.length === 0) {
      logger.warn({ outboxId: row.id, template: row.template }, "outbox row was re-claimed while it was being sent");
    } else {
      result.sent++;
    }
  }
  return result;
}

export interface OutboxWorker {
  /** Stops polling, cuts a send in flight short, and resolves when the worker is idle. */
  stop(): Promise<void>;
}

/**
 * Polls the outbox every `intervalMs`, straight on while batches come back full. One pass at a
 * time: a pass never starts while the previous one is still sending.
 */
export function startOutboxWorker(options: Omit<RunOutboxOptions, "signal"> & { intervalMs?: number }): OutboxWorker {
  const intervalMs = options.intervalMs ?? OUTBOX_DEFAULTS.intervalMs;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const logger = options.logger ?? silent;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  async function loop() {
    while (!stopping.signal.aborted) {
      let more = false;
      try {
        const result = await runOutboxOnce({ ...options, signal: stopping.signal });
        more = result.claimed === batchSize && result.released === 0;
      } catch (error) {
        logger.error({ error: describeSendError(error) }, "outbox pass failed");
      }
      if (!more && !stopping.signal.aborted) await pause(intervalMs);
    }
  }

  const running = loop();
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
