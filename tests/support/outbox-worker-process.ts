// The product's outbox worker alone in a process (emails/outbox-worker.ts, as server/mail.ts
// starts it), on the database and SMTP server the environment names. It reports over IPC when
// it runs and each send that failed. Started by tests/support/server-process.ts.
import { openConfiguredDatabase } from "../../cli/command";
import { createMailTransport } from "../../emails/mailer";
import { startOutboxWorker, type MailLogger } from "../../emails/outbox-worker";
import { loadEnv } from "../../server/env";
import type { OutboxWorkerReport } from "./server-process";

const env = loadEnv();
if (!env.SMTP_URL) throw new Error("SMTP_URL names the server the worker sends to");
const report = (message: OutboxWorkerReport) => process.send?.(message);
const logger: MailLogger = {
  info() {},
  warn: (_fields, message) => report({ failed: message }),
  error: (_fields, message) => report({ failed: message }),
};
const database = await openConfiguredDatabase(env);
const transport = createMailTransport(env.SMTP_URL);
// A short lease and quick polling, so a killed worker's claim runs out within the test; a send
// to the local sink takes milliseconds, well inside its timeout.
const worker = startOutboxWorker({ db: database.db, transport, now: () => new Date(), logger, leaseMs: 10_000, sendTimeoutMs: 2_000, intervalMs: 200 });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  transport.close();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
// The test process went away without stopping this one.
process.on("disconnect", () => void stop());
report({ ready: true });
