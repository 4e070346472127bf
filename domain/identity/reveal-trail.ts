import { and, asc, eq, inArray, isNotNull, not, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { auditLog, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { PiiCipher } from "./pii-cipher";
import type { PersonalDataKind } from "./reveal-policy";
import { RevealReasonSchema, type RevealReason } from "./reveal-schemas";

export const REVEAL_ACTION = "pii.revealed";

/** What a `pii.revealed` audit entry holds: the note may name the customer, so it is encrypted. */
interface RevealEntry {
  customerId: string | null;
  fields: PersonalDataKind[];
  reason: RevealReason["reason"];
  noteEnc: string | null;
}

/** The reason a reveal comes with, checked: a broken one is the user's to fix, on its field. */
export function parseRevealReason(input: unknown) {
  const parsed = RevealReasonSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("INVALID_INPUT", {
      message: "a reveal needs a reason",
      userMessage: issue?.message ?? "reveal.reason_required",
      field: issue?.path[0]?.toString() ?? "reason",
    });
  }
  return parsed.data;
}

/**
 * Writes the reveal to the audit trail before any value is handed out: who, which kinds of data
 * of which customer, on what object and why. The values themselves are never stored anywhere new.
 */
export async function recordReveal(
  ctx: DomainContext,
  tx: Executor,
  input: { actorId: string; objectType: string; objectId: string; customerId: string | null; fields: PersonalDataKind[]; reason: unknown },
) {
  const reason = parseRevealReason(input.reason);
  const after: RevealEntry = {
    customerId: input.customerId,
    fields: input.fields,
    reason: reason.reason,
    noteEnc: reason.note ? ctx.cipher.encrypt(reason.note) : null,
  };
  await recordAudit(tx, { actorId: input.actorId, action: REVEAL_ACTION, objectType: input.objectType, objectId: input.objectId, after });
}

/**
 * Reveal notes still under a key other than the current one, counted by key id. The audit trail
 * is append-only and hash-chained, so a key rotation cannot rewrite them: the old key stays in
 * the ring while they are kept (ADR 013).
 */
export async function revealNotesUnderOldKeys(db: Executor, cipher: PiiCipher): Promise<Record<string, number>> {
  const note = sql<string>`${auditLog.after}->>'noteEnc'`;
  const rows = await db
    .select({ note })
    .from(auditLog)
    .where(and(eq(auditLog.action, REVEAL_ACTION), isNotNull(note), not(sql`${note} like ${`v2.${cipher.currentKeyId}.%`}`)));
  const byKey: Record<string, number> = {};
  for (const row of rows) {
    const keyId = cipher.keyIdOf(row.note);
    byKey[keyId] = (byKey[keyId] ?? 0) + 1;
  }
  return byKey;
}

/** Who saw this object's personal data in full, when and why, oldest first. */
export async function findReveals(ctx: DomainContext, input: { objectType: string; objectId: string }) {
  const rows = await ctx.db
    .select({ at: auditLog.at, actorId: auditLog.actorId, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.objectType, input.objectType), eq(auditLog.objectId, input.objectId), eq(auditLog.action, REVEAL_ACTION)))
    .orderBy(asc(auditLog.seq));
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const names = actorIds.length
    ? new Map((await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, actorIds))).map((u) => [u.id, u.name]))
    : new Map<string, string>();
  return rows.map((row) => {
    const entry = row.after as RevealEntry;
    return {
      at: row.at,
      staffName: (row.actorId && names.get(row.actorId)) || "—",
      fields: entry.fields,
      reason: entry.reason,
      note: entry.noteEnc ? ctx.cipher.decrypt(entry.noteEnc) : null,
    };
  });
}
