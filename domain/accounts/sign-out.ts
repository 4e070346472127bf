import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { currentSessionId, endOtherSessions, endOwnSession, endSessionByToken } from "../sessions/sessions";

/** Ends the session on the server: the cookie alone no longer opens anything. */
export async function signOut(ctx: DomainContext, input: { userId: string; token: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await endSessionByToken(tx, input.token);
    await recordAudit(tx, { actorId: input.userId, action: "auth.signed_out", objectType: "user", objectId: input.userId });
  });
}

/**
 * Ends another of the user's sessions (another browser, another device), or all the others.
 * Returns the ids of the sessions ended, so their open sockets can be closed too.
 */
export async function endSessions(
  ctx: DomainContext,
  input: { userId: string; token: string; sessionId: string | "others" },
): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const ended =
      input.sessionId === "others"
        ? await endOtherSessions(tx, { userId: input.userId, keepSessionId: currentSessionId(input.token) })
        : await endOwnSession(tx, { userId: input.userId, sessionId: input.sessionId });
    if (ended.length > 0) {
      await recordAudit(tx, {
        actorId: input.userId,
        action: "auth.sessions_ended",
        objectType: "user",
        objectId: input.userId,
        after: { count: ended.length },
      });
    }
    return ended;
  });
}
