import type { User } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../identity/password";
import { endSessionByToken, startSession, type SessionStage } from "../sessions/sessions";
import { findUserByEmail } from "./find-account";
import { lockedError } from "./sign-in-throttle";
import { claimAttempt, clearAttempts, recordWrongGuess, refuseWhileLocked } from "./sign-in-throttle";

const invalidCredentials = () =>
  new AppError("UNAUTHORIZED", { message: "wrong email or password", userMessage: "auth.invalid_credentials" });

/** Staff always need a second factor; customers only when they turned it on. */
export function needsSecondFactor(user: Pick<User, "kind" | "totpEnabled">): boolean {
  return user.kind === "staff" || user.totpEnabled;
}

export interface SignInResult {
  user: User;
  token: string;
  stage: SessionStage;
}

/**
 * First step of signing in. Starts a fresh session (rotating away any previous one): active,
 * or waiting for the second factor.
 */
export async function signInWithPassword(
  ctx: DomainContext,
  input: { email: string; password: string; userAgent: string; previousToken?: string },
): Promise<SignInResult> {
  const user = await findUserByEmail(ctx.db, input.email);
  if (!user || user.disabledAt) {
    await verifyPassword(DUMMY_PASSWORD_HASH, input.password);
    await ctx.db.transaction((tx) =>
      recordAudit(tx, { actorId: null, action: "auth.sign_in_failed", objectType: "user", after: { reason: "unknown_account" } }),
    );
    throw invalidCredentials();
  }
  const attempt = await claimAttempt(ctx.db, user.id, ctx.now());
  if (attempt === null) throw await ctx.db.transaction((tx) => refuseWhileLocked(tx, user.id));
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const locked = await ctx.db.transaction((tx) =>
      recordWrongGuess(tx, { userId: user.id, attempt, action: "auth.sign_in_failed", details: { reason: "wrong_password" } }),
    );
    throw locked ? lockedError() : invalidCredentials();
  }
  return ctx.db.transaction(async (tx) => {
    await clearAttempts(tx, user.id);
    if (input.previousToken) await endSessionByToken(tx, input.previousToken);
    const stage: SessionStage = needsSecondFactor(user) ? "pending_2fa" : "active";
    const token = await startSession(tx, { user, stage, userAgent: input.userAgent, now: ctx.now() });
    await recordAudit(tx, {
      actorId: user.id,
      action: stage === "active" ? "auth.signed_in" : "auth.password_verified",
      objectType: "user",
      objectId: user.id,
    });
    return { user, token, stage };
  });
}
