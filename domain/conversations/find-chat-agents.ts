import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { agentPresence, conversations, userRoles, users } from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { CHAT_ROLES, getMaxChatsPerAgent, onlineNow, requireChatAgent } from "./chat-agents";

/** Staff who take chats (the choice for a transfer): online or not, and how many chats they hold. */
export async function findChatAgents(ctx: DomainContext, input: { actor: StaffActor }) {
  requireChatAgent(input.actor);
  const active = ctx.db
    .select({ agentId: conversations.agentId, n: count().as("n") })
    .from(conversations)
    .where(eq(conversations.status, "active"))
    .groupBy(conversations.agentId)
    .as("active");
  const rows = await ctx.db
    .selectDistinct({ id: users.id, name: users.name, online: agentPresence.userId, activeChats: active.n })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), inArray(userRoles.role, [...CHAT_ROLES])))
    .leftJoin(agentPresence, and(eq(agentPresence.userId, users.id), onlineNow(ctx)))
    .leftJoin(active, eq(active.agentId, users.id))
    .where(and(eq(users.kind, "staff"), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
  const maxChats = await getMaxChatsPerAgent(ctx.db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.online ? ("online" as const) : ("away" as const),
    activeChats: Number(row.activeChats ?? 0),
    maxChats,
  }));
}
