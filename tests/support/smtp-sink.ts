import net, { type AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  messageId: string | null;
  envelopeTo: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
}

/** A real SMTP server on 127.0.0.1 that records what it receives; it can go down and come back. */
export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Stops listening: senders now get "connection refused", as in an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port (nothing happens if it is listening). */
  start(): Promise<void>;
}

function listen(server: SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      server.on("error", () => {});
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const create = () =>
    new SMTPServer({
      // smtp-server's built-in STARTTLS certificate has expired.
      disabledCommands: ["STARTTLS"],
      authOptional: true,
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 500,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            received.push({
              messageId: parsed.messageId ?? null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: parsed.from?.text ?? "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: parsed.html || null,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });

  let server: SMTPServer | null = create();
  const port = await listen(server, 0);
  const stop = async () => {
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop,
    async start() {
      if (server) return;
      server = create();
      await listen(server, port);
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
