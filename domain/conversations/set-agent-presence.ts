import { and, eq } from "drizzle-orm";
import { agentPresence } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { PRESENCE_FRESH_MS, requireChatAgent } from "./chat-agents";

export type Presence = (typeof agentPresence.$inferSelect)["status"];

/** An agent goes online (is offered chats) or away. Audited: it decides who gets customers. */
export async function setAgentPresence(ctx: DomainContext, input: { actor: StaffActor; status: Presence }): Promise<{ status: Presence }> {
  requireChatAgent(input.actor);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ status: agentPresence.status }).from(agentPresence).where(eq(agentPresence.userId, input.actor.userId));
    await tx
      .insert(agentPresence)
      .values({ userId: input.actor.userId, status: input.status, updatedAt: now })
      .onConflictDoUpdate({ target: agentPresence.userId, set: { status: input.status, updatedAt: now } });
    if (before?.status !== input.status) {
      await recordAudit(tx, { actorId: input.actor.userId, action: "agent.presence_changed", objectType: "user", objectId: input.actor.userId, before: before ?? null, after: { status: input.status } });
    }
  });
  return { status: input.status };
}

/** A connected desk says the agent is still there: an online presence stays fresh. */
export async function touchAgentPresence(ctx: DomainContext, input: { userId: string }): Promise<void> {
  await ctx.db
    .update(agentPresence)
    .set({ updatedAt: ctx.now() })
    .where(and(eq(agentPresence.userId, input.userId), eq(agentPresence.status, "online")));
}

/** The agent's presence as others see it: online only while fresh. */
export async function getAgentPresence(ctx: DomainContext, input: { userId: string }): Promise<Presence> {
  const [row] = await ctx.db.select().from(agentPresence).where(eq(agentPresence.userId, input.userId));
  return row && row.status === "online" && ctx.now().getTime() - row.updatedAt.getTime() < PRESENCE_FRESH_MS ? "online" : "away";
}
