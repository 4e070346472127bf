import { eq } from "drizzle-orm";
import { recoveryCodes, users, type User } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpUri } from "../identity/totp";
import { endSessionByToken, startSession } from "../sessions/sessions";
import { claimAttempt, clearAttempts, lockedError, recordWrongGuess, refuseWhileLocked } from "./sign-in-throttle";
import { invalidCode, acceptTotpStep } from "./verify-second-factor";

/** The secret to enrol: kept (encrypted) until confirmed, so a reload shows the same QR code. */
export async function beginTotpEnrollment(ctx: DomainContext, user: User): Promise<{ secret: string; uri: string }> {
  if (user.totpEnabled) {
    throw new AppError("CONFLICT", { message: "TOTP already enrolled", userMessage: "auth.totp_already_enrolled" });
  }
  let secret = user.totpSecretEnc ? ctx.cipher.decrypt(user.totpSecretEnc) : null;
  if (!secret) {
    secret = newTotpSecret();
    await ctx.db.update(users).set({ totpSecretEnc: ctx.cipher.encrypt(secret) }).where(eq(users.id, user.id));
  }
  return { secret, uri: totpUri(secret, user.email) };
}

/**
 * Confirms enrolment with a first code: two-factor is on from now, ten recovery codes are
 * issued (shown once), and a pending session becomes a fresh active one.
 */
export async function confirmTotpEnrollment(
  ctx: DomainContext,
  input: { user: User; code: string; sessionToken: string; userAgent: string },
): Promise<{ recoveryCodes: string[]; token: string }> {
  const { user } = input;
  const now = ctx.now();
  if (user.totpEnabled || !user.totpSecretEnc) {
    throw new AppError("CONFLICT", { message: "no enrolment in progress", userMessage: "auth.totp_already_enrolled" });
  }
  const attempt = await claimAttempt(ctx.db, user.id, now);
  if (attempt === null) throw await ctx.db.transaction((tx) => refuseWhileLocked(tx, user.id));
  const step = matchTotp(ctx.cipher.decrypt(user.totpSecretEnc), input.code, now);
  if (step === null) {
    // Audited like any other wrong code: the guess that reaches the limit locks the account.
    const locked = await ctx.db.transaction((tx) =>
      recordWrongGuess(tx, { userId: user.id, attempt, action: "auth.second_factor_failed", details: { during: "totp_enrollment" } }),
    );
    throw locked ? lockedError() : invalidCode();
  }
  const codes = newRecoveryCodes();
  const token = await ctx.db.transaction(async (tx) => {
    if (!(await acceptTotpStep(tx, user.id, step))) throw invalidCode();
    await clearAttempts(tx, user.id);
    await tx.update(users).set({ totpEnabled: true }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })));
    await endSessionByToken(tx, input.sessionToken);
    const fresh = await startSession(tx, { user, stage: "active", userAgent: input.userAgent, now });
    await recordAudit(tx, { actorId: user.id, action: "auth.totp_enrolled", objectType: "user", objectId: user.id });
    return fresh;
  });
  return { recoveryCodes: codes, token };
}
