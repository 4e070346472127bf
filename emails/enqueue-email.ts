import crypto from "node:crypto";
import type { Executor } from "../db/client";
import { outbox, type Locale } from "../db/schema";
import { renderEmail, type EmailParams, type TemplateName } from "./templates";

export interface EnqueueEmailOptions<T extends TemplateName> {
  template: T;
  to: string;
  /** The recipient's language; Chinese when they have not chosen one. */
  locale: Locale | null | undefined;
  params: EmailParams<T>;
  now: Date;
}

/** A Message-ID of our own, kept across retries so a resent email is recognisably the same one. */
export function newMessageId(): string {
  return `<${crypto.randomUUID()}@trustline.local>`;
}

/**
 * Renders an email and puts it in the outbox. Call it inside the transaction of the change it
 * reports: the email then leaves if and only if that change commits. This is the only way an
 * email is sent — the outbox worker does the sending, with retries.
 */
export async function enqueueEmail<T extends TemplateName>(
  tx: Executor,
  options: EnqueueEmailOptions<T>,
): Promise<{ id: string; messageId: string }> {
  const rendered = renderEmail(options.template, options.locale, options.params);
  const messageId = newMessageId();
  const [row] = await tx
    .insert(outbox)
    .values({
      messageId,
      template: options.template,
      toAddress: options.to,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      status: "pending",
      attempts: 0,
      nextAttemptAt: options.now,
      createdAt: options.now,
    })
    .returning({ id: outbox.id });
  if (!row) throw new Error("the outbox insert returned no row");
  return { id: row.id, messageId };
}
