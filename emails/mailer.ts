import nodemailer from "nodemailer";

export const MAIL_FROM = "Trustline <no-reply@trustline.local>";

export interface OutgoingEmail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the outbox worker sends through; tests may hand it anything with this shape. */
export interface MailTransport {
  send(email: OutgoingEmail, options?: { signal?: AbortSignal }): Promise<void>;
  close(): void;
}

export interface MailTransportOptions {
  /** Gives up on a server that does not answer; the outbox retries later. */
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** The one SMTP transport: `smtp://host:port` (STARTTLS when offered) or `smtps://host:port`. */
export function createMailTransport(smtpUrl: string, options: MailTransportOptions = {}): MailTransport {
  const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // nodemailer's defaults wait minutes for a silent server, longer than an outbox lease.
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    socketTimeout: options.socketTimeoutMs ?? 20_000,
    // Bodies are rendered from templates; nothing may make the mailer read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(email, sendOptions = {}) {
      await transporter.sendMail({
        from: MAIL_FROM,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        signal: sendOptions.signal,
      });
    },
    close() {
      transporter.close();
    },
  };
}
