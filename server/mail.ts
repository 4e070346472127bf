import { startMailCatcher, type MailCatcher } from "../emails/mail-catcher";
import { createMailTransport } from "../emails/mailer";
import { startOutboxWorker } from "../emails/outbox-worker";
import { EnvError } from "./env";
import type { Logger } from "./logger";
import type { Services } from "./open-services";

/**
 * Starts sending the outbox: to SMTP_URL, or — in the embedded default — to the built-in mail
 * catcher, whose messages admins read at /admin/mail. Every instance runs a worker; rows are
 * claimed so that no two send the same email.
 */
export async function startMail(services: Services, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const { env, database, domain } = services;
  let catcher: MailCatcher | undefined;
  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    try {
      catcher = await startMailCatcher({ db: database.db, port: env.MAIL_CATCHER_PORT, now: domain.now, logger });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
        throw new EnvError(`MAIL_CATCHER_PORT: port ${env.MAIL_CATCHER_PORT} is in use; choose another, or set SMTP_URL to a mail server.`);
      }
      throw error;
    }
    smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
    logger.info({ port: catcher.port }, "mail catcher listening on 127.0.0.1");
  }
  const transport = createMailTransport(smtpUrl);
  const worker = startOutboxWorker({ db: database.db, transport, now: domain.now, logger });
  return {
    async stop() {
      await worker.stop();
      transport.close();
      await catcher?.close();
    },
  };
}
