import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Database } from "../db/client";
import { caughtMail } from "../db/schema";
import type { MailLogger } from "./outbox-worker";

export interface MailCatcher {
  port: number;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  db: Database;
  /** 0 picks a free port. */
  port: number;
  now?: () => Date;
  maxBytes?: number;
  logger?: MailLogger;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function envelopeAddress(address: false | { address: string }): string {
  return address ? address.address : "";
}

/**
 * The embedded default's SMTP server: it keeps every message it is handed in `caught_mail`, for
 * an admin to read at /admin/mail, and delivers nothing onwards. It listens on 127.0.0.1 only.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const now = options.now ?? (() => new Date());
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  async function store(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const raw = await readAll(stream);
    if (stream.sizeExceeded) return;
    // Loaded with the first message rather than at start-up.
    const { simpleParser } = await import("mailparser");
    const parsed = await simpleParser(raw);
    const recipients = session.envelope.rcptTo.map((r) => r.address).join(", ");
    await options.db.insert(caughtMail).values({
      receivedAt: now(),
      messageId: parsed.messageId ?? null,
      fromAddress: parsed.from?.text || envelopeAddress(session.envelope.mailFrom),
      toAddress: recipients,
      subject: parsed.subject ?? "",
      textBody: parsed.text ?? "",
      htmlBody: parsed.html || null,
    });
  }

  const server = new SMTPServer({
    // smtp-server's built-in STARTTLS certificate has expired; loopback needs no TLS anyway.
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    size: maxBytes,
    rejectOversized: true,
    disableReverseLookup: true,
    banner: "Trustline mail catcher",
    logger: false,
    closeTimeout: 2_000,
    onData(stream, session, callback) {
      store(stream, session).then(
        () => callback(),
        (error: unknown) => {
          options.logger?.error({ error: error instanceof Error ? error.message : String(error) }, "mail catcher could not store a message");
          // A 4xx makes the sender keep the message and try again later.
          callback(Object.assign(new Error("Temporary failure storing the message"), { responseCode: 451 }));
        },
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Client connections that break are not the catcher's failure; without a listener they would crash the process.
  server.on("error", (error) => options.logger?.warn({ error: error.message }, "mail catcher connection error"));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
