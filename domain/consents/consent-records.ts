import { and, desc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { consents, type ConsentChannel } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { consentInForce, PRIVACY_NOTICE_VERSION, SENSITIVE_PURPOSE } from "./consent-rules";

/** How a consent arrives with a submission: ticked by the customer, or taken down by staff. */
export interface ConsentGiven {
  channel: ConsentChannel;
  /** The member of staff who recorded a verbal consent. */
  recordedBy?: string;
  /** The portal session that gave it: kept encrypted, as evidence. */
  client?: { ip: string | null; userAgent: string | null };
}

export const consentRequired = () =>
  new AppError("INVALID_INPUT", {
    message: "sensitive data submitted without consent to the current privacy notice",
    userMessage: "consent.required",
    field: "consent",
  });

/** Every consent the customer has given to the sensitive-data purpose, newest first. */
export function findConsents(db: Executor, userId: string) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.userId, userId), eq(consents.purpose, SENSITIVE_PURPOSE)))
    .orderBy(desc(consents.grantedAt));
}

/**
 * Records a consent to the current notice version, in the caller's transaction, with its audit
 * entry; a consent already in force is kept as it is (its original time is the one that counts).
 */
export async function grantConsentIn(ctx: DomainContext, tx: Executor, input: { userId: string; given: ConsentGiven }) {
  const existing = consentInForce(await findConsents(tx, input.userId));
  if (existing) return existing;
  const { channel, recordedBy, client } = input.given;
  const [consent] = await tx
    .insert(consents)
    .values({
      userId: input.userId,
      purpose: SENSITIVE_PURPOSE,
      noticeVersion: PRIVACY_NOTICE_VERSION,
      channel,
      recordedBy: recordedBy ?? null,
      clientEnc: client ? ctx.cipher.encrypt(JSON.stringify(client)) : null,
      grantedAt: ctx.now(),
    })
    // Two submissions at once: the other one recorded it first, and that one counts.
    .onConflictDoNothing()
    .returning();
  if (!consent) {
    const recorded = consentInForce(await findConsents(tx, input.userId));
    if (!recorded) throw new Error("consent neither inserted nor found");
    return recorded;
  }
  await recordAudit(tx, {
    actorId: recordedBy ?? input.userId,
    action: "consent.granted",
    objectType: "consent",
    objectId: consent.id,
    after: { userId: input.userId, purpose: SENSITIVE_PURPOSE, noticeVersion: PRIVACY_NOTICE_VERSION, channel },
  });
  return consent;
}

/**
 * The guard every submission passes first, inside its transaction: a consent given with it is
 * recorded; a submission that `needsConsent` without one must find one in force on record —
 * otherwise it is refused and nothing is stored.
 */
export async function settleConsentIn(
  ctx: DomainContext,
  tx: Executor,
  input: { userId: string; given?: ConsentGiven | null; needsConsent: boolean },
) {
  if (input.given) return grantConsentIn(ctx, tx, { userId: input.userId, given: input.given });
  if (!input.needsConsent) return null;
  const inForce = consentInForce(await findConsents(tx, input.userId));
  if (!inForce) throw consentRequired();
  return inForce;
}

/** The consents in force of a customer, for withdrawal. */
export function consentsInForce(db: Executor, userId: string) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.userId, userId), eq(consents.purpose, SENSITIVE_PURPOSE), isNull(consents.withdrawnAt)));
}
