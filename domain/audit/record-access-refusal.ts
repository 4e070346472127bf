import type { DomainContext } from "../context";
import { withinRateLimit } from "../rate-limit";
import { recordAudit } from "./record-audit";

// Enough to follow someone probing the system; past it a session's refusals are only counted,
// so a signed-in script cannot bury the trail under its own noise.
export const AUDITED_REFUSALS_PER_MINUTE = 30;

export interface AccessRefusal {
  actorId: string;
  sessionId: string;
  /** `http` with the method and path (never the query string), or `socket` with the event. */
  channel: "http" | "socket";
  target: string;
  /** The answer given: an HTTP status or the socket acknowledgement's error. */
  answer: string;
}

/**
 * Records that a signed-in actor was refused (403, or a 404 that does not say whether the object
 * exists). Returns false when the session is past its allowance and nothing was written.
 */
export async function recordAccessRefusal(ctx: DomainContext, refusal: AccessRefusal): Promise<boolean> {
  const allowed = await withinRateLimit(ctx.db, {
    key: `refusal:${refusal.sessionId}`,
    limit: AUDITED_REFUSALS_PER_MINUTE,
    windowMs: 60_000,
    now: ctx.now(),
  });
  if (!allowed) return false;
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: refusal.actorId,
      action: "access.refused",
      objectType: refusal.channel === "http" ? "route" : "socket_event",
      objectId: refusal.target,
      after: { answer: refusal.answer },
    }),
  );
  return true;
}
