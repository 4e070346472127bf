import type { AccountKind } from "../../db/schema";

const MINUTE = 60_000;

/** Idle and absolute lifetimes: customers 15 min / 12 h, staff 30 min / 12 h. */
export const SESSION_LIMITS: Record<AccountKind, { idleMs: number; absoluteMs: number }> = {
  customer: { idleMs: 15 * MINUTE, absoluteMs: 12 * 60 * MINUTE },
  staff: { idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE },
};

/** A session waiting for its second factor lives only this long. */
export const PENDING_2FA_MS = 10 * MINUTE;

/** last_seen_at is written at most this often, so browsing does not write on every request. */
export const TOUCH_INTERVAL_MS = MINUTE;
