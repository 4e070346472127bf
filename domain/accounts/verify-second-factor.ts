import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { recoveryCodes, users, type User } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { hashRecoveryCode, matchTotp } from "../identity/totp";
import { endSessionByToken, startSession } from "../sessions/sessions";
import { claimAttempt, clearAttempts, lockedError, recordWrongGuess, refuseWhileLocked } from "./sign-in-throttle";

/** Accepts a TOTP step only if it is newer than the last one accepted: a code works once. */
export async function acceptTotpStep(tx: Executor, userId: string, step: number): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

async function useRecoveryCode(tx: Executor, userId: string, code: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)),
    )
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

/**
 * Second step of signing in: a TOTP code or a recovery code turns the pending session into a
 * fresh active one. Guesses count against the same lockout as passwords.
 */
export async function verifySecondFactor(
  ctx: DomainContext,
  input: { user: User; pendingToken: string; code: string; userAgent: string },
): Promise<{ token: string; method: "totp" | "recovery_code" }> {
  const { user } = input;
  const now = ctx.now();
  if (!user.totpEnabled || !user.totpSecretEnc) {
    throw new AppError("FORBIDDEN", { message: "second factor not enrolled", userMessage: "auth.totp_not_enrolled" });
  }
  const attempt = await claimAttempt(ctx.db, user.id, now);
  if (attempt === null) {
    throw await ctx.db.transaction(async (tx) => {
      await endSessionByToken(tx, input.pendingToken);
      return refuseWhileLocked(tx, user.id);
    });
  }
  const secret = ctx.cipher.decrypt(user.totpSecretEnc);
  return ctx.db.transaction(async (tx) => {
    const step = matchTotp(secret, input.code, now);
    let method: "totp" | "recovery_code" | null = null;
    if (step !== null && (await acceptTotpStep(tx, user.id, step))) method = "totp";
    else if (step === null && (await useRecoveryCode(tx, user.id, input.code, now))) method = "recovery_code";

    if (!method) {
      const locked = await recordWrongGuess(tx, { userId: user.id, attempt, action: "auth.second_factor_failed" });
      if (locked) await endSessionByToken(tx, input.pendingToken);
      return { failed: locked ? lockedError() : invalidCode() } as const;
    }
    await clearAttempts(tx, user.id);
    await endSessionByToken(tx, input.pendingToken);
    const token = await startSession(tx, { user, stage: "active", userAgent: input.userAgent, now });
    await recordAudit(tx, { actorId: user.id, action: "auth.signed_in", objectType: "user", objectId: user.id, after: { method } });
    return { token, method };
  }).then((result) => {
    // The failure is recorded in its own committed transaction before the error is raised.
    if ("failed" in result) throw result.failed;
    return result;
  });
}

export const invalidCode = () =>
  new AppError("UNAUTHORIZED", { message: "wrong second-factor code", userMessage: "auth.code_invalid", field: "code" });
