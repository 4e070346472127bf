import crypto from "node:crypto";
import { and, desc, eq, ne } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { sessions, users, type AccountKind, type Session, type User } from "../../db/schema";
import type { DomainContext } from "../context";
import { PENDING_2FA_MS, SESSION_LIMITS, TOUCH_INTERVAL_MS } from "./session-policy";

export type SessionStage = Session["stage"];

function sessionIdOf(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Starts a session and returns the cookie token (256 random bits); only its hash is stored. */
export async function startSession(
  tx: Executor,
  options: { user: Pick<User, "id" | "kind">; stage: SessionStage; userAgent: string; now: Date },
): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const { now } = options;
  const lifetime =
    options.stage === "pending_2fa" ? PENDING_2FA_MS : SESSION_LIMITS[options.user.kind].absoluteMs;
  await tx.insert(sessions).values({
    id: sessionIdOf(token),
    userId: options.user.id,
    stage: options.stage,
    userAgent: options.userAgent.slice(0, 300),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + lifetime),
  });
  return token;
}

export interface ResolvedSession {
  session: Session;
  user: User;
}

/** The live session behind a cookie token, or null; expired and idle sessions are removed. */
export async function resolveSession(ctx: DomainContext, token: string): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const id = sessionIdOf(token);
  const [row] = await ctx.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const now = ctx.now();
  const idleLimit = SESSION_LIMITS[row.user.kind as AccountKind].idleMs;
  const expired =
    row.session.expiresAt <= now ||
    now.getTime() - row.session.lastSeenAt.getTime() > idleLimit ||
    row.user.disabledAt !== null;
  if (expired) {
    await ctx.db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return row;
}

export async function endSessionByToken(tx: Executor, token: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.id, sessionIdOf(token)));
}

export function currentSessionId(token: string): string {
  return sessionIdOf(token);
}

export async function findSessions(ctx: DomainContext, userId: string): Promise<Session[]> {
  return ctx.db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastSeenAt));
}

/** Ends one of the user's own sessions; ownership is part of the query. */
/** Returns the ids of the sessions it ended (none when the session is not the user's). */
export async function endOwnSession(tx: Executor, options: { userId: string; sessionId: string }): Promise<string[]> {
  const deleted = await tx
    .delete(sessions)
    .where(and(eq(sessions.id, options.sessionId), eq(sessions.userId, options.userId)))
    .returning({ id: sessions.id });
  return deleted.map((d) => d.id);
}

export async function endOtherSessions(tx: Executor, options: { userId: string; keepSessionId: string }): Promise<string[]> {
  const deleted = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, options.userId), ne(sessions.id, options.keepSessionId)))
    .returning({ id: sessions.id });
  return deleted.map((d) => d.id);
}
