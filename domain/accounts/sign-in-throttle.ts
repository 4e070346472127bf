import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/**
 * Claims one guess (password or second factor) before it is checked. The claim is a single
 * atomic UPDATE, so parallel attempts each take a slot and cannot slip past the limit; the
 * slot that reaches the limit also sets the lock. Returns the attempt number, or null when the
 * account is locked now.
 */
export async function claimAttempt(db: Executor, userId: string, now: Date): Promise<number | null> {
  const lockExpired = sql`(${users.lockedUntil} is not null and ${users.lockedUntil} <= ${now})`;
  const nextCount = sql`case when ${lockExpired} then 1 else ${users.failedSignIns} + 1 end`;
  const [row] = await db
    .update(users)
    .set({
      failedSignIns: nextCount,
      lockedUntil: sql`case when ${nextCount} >= ${MAX_FAILED_ATTEMPTS} then ${new Date(now.getTime() + LOCKOUT_MS)}::timestamptz when ${lockExpired} then null else ${users.lockedUntil} end`,
    })
    .where(and(eq(users.id, userId), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ attempt: users.failedSignIns });
  return row ? row.attempt : null;
}

/** A correct answer forgets the earlier failures. */
export async function clearAttempts(db: Executor, userId: string): Promise<void> {
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export const lockedError = () =>
  new AppError("LOCKED", { message: "account locked after repeated failures", userMessage: "auth.locked" });

/** Records a guess refused because the account is locked; returns the error to raise. */
export async function refuseWhileLocked(tx: Executor, userId: string): Promise<AppError> {
  await recordAudit(tx, { actorId: userId, action: "auth.sign_in_refused_locked", objectType: "user", objectId: userId });
  return lockedError();
}

/**
 * Records a wrong guess; the one that reached the limit is recorded as the lock. Returns true
 * when the account is now locked.
 */
export async function recordWrongGuess(
  tx: Executor,
  input: { userId: string; attempt: number; action: "auth.sign_in_failed" | "auth.second_factor_failed"; details?: object },
): Promise<boolean> {
  const locked = input.attempt >= MAX_FAILED_ATTEMPTS;
  await recordAudit(tx, {
    actorId: input.userId,
    action: locked ? "auth.locked" : input.action,
    objectType: "user",
    objectId: input.userId,
    after: { ...input.details, attempt: input.attempt },
  });
  return locked;
}
