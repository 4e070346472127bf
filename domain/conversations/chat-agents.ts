import { and, count, eq, gt, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../../db/client";
import { agentPresence, conversations, userRoles, type StaffRole } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { hasAnyRole, type StaffActor } from "../service-requests/request-access";
import { readSetting, writeSetting } from "../settings/stored-settings";

/** Staff who take live chats; supervisors also read any chat. */
export const CHAT_ROLES: readonly StaffRole[] = ["agent", "supervisor"];

/**
 * An agent counts as online only while their desk keeps saying so: a desk page refreshes its
 * presence well within this, so a closed laptop drops out of the queue by itself.
 */
export const PRESENCE_FRESH_MS = 90_000;

export function requireChatAgent(actor: StaffActor): void {
  if (!hasAnyRole(actor, CHAT_ROLES)) {
    throw new AppError("FORBIDDEN", { message: "live chat needs the agent or supervisor role", userMessage: "page.forbidden_body" });
  }
}

/** Presence rows of agents online now. */
export function onlineNow(ctx: DomainContext): SQL {
  return and(eq(agentPresence.status, "online"), gt(agentPresence.updatedAt, new Date(ctx.now().getTime() - PRESENCE_FRESH_MS)))!;
}

/** The agents (by id) who take chats and are online now; `agentId` narrows it to one. */
export function onlineChatAgents(ctx: DomainContext, executor: Executor = ctx.db, agentId?: string) {
  return executor
    .selectDistinct({ userId: agentPresence.userId })
    .from(agentPresence)
    .innerJoin(userRoles, eq(userRoles.userId, agentPresence.userId))
    .where(and(onlineNow(ctx), inArray(userRoles.role, [...CHAT_ROLES]), agentId ? eq(agentPresence.userId, agentId) : undefined));
}

/** How many active chats an agent holds. */
export async function activeChatCount(executor: Executor, agentId: string): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(conversations)
    .where(and(eq(conversations.agentId, agentId), eq(conversations.status, "active")));
  return Number(row?.n ?? 0);
}

const CHAT_SETTINGS_KEY = "live_chat";
export const DEFAULT_MAX_CHATS_PER_AGENT = 3;

interface ChatSettings {
  maxChatsPerAgent: number;
}

async function getChatSettings(executor: Executor): Promise<ChatSettings> {
  const stored = await readSetting<ChatSettings>(executor, CHAT_SETTINGS_KEY);
  return { maxChatsPerAgent: stored.maxChatsPerAgent ?? DEFAULT_MAX_CHATS_PER_AGENT };
}

export async function getMaxChatsPerAgent(executor: Executor): Promise<number> {
  return (await getChatSettings(executor)).maxChatsPerAgent;
}

export const ChatSettingsSchema = z.object({
  maxChatsPerAgent: z.coerce.number({ error: "settings.max_chats_invalid" }).int("settings.max_chats_invalid").min(1, "settings.max_chats_invalid").max(20, "settings.max_chats_invalid"),
});

/** Applies at once: an agent above a lowered maximum keeps their chats but takes no new one. */
export async function updateChatSettings(ctx: DomainContext, input: { actorId: string; maxChatsPerAgent: number }): Promise<void> {
  await writeSetting(ctx, {
    key: CHAT_SETTINGS_KEY,
    actorId: input.actorId,
    action: "settings.chat_changed",
    value: { maxChatsPerAgent: input.maxChatsPerAgent },
    read: getChatSettings,
  });
}

/**
 * Whether an agent may take one more chat: online, takes chats, below the maximum. Called inside
 * the transaction that assigns the chat; the agent's presence row stays locked until it commits,
 * so two chats reaching one agent at once are counted one after the other.
 */
export async function canTakeChat(ctx: DomainContext, tx: Executor, agentId: string): Promise<boolean> {
  const [online] = await tx
    .select({ userId: agentPresence.userId })
    .from(agentPresence)
    .where(and(eq(agentPresence.userId, agentId), onlineNow(ctx)))
    .for("update");
  if (!online) return false;
  const [takesChats] = await tx
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(and(eq(userRoles.userId, agentId), inArray(userRoles.role, [...CHAT_ROLES])))
    .limit(1);
  if (!takesChats) return false;
  return (await activeChatCount(tx, agentId)) < (await getMaxChatsPerAgent(tx));
}

/** The chats an agent may read and act on, in the query: their own; any, for a supervisor. */
export function handledBy(actor: StaffActor): SQL | undefined {
  requireChatAgent(actor);
  return hasAnyRole(actor, ["supervisor"]) ? undefined : eq(conversations.agentId, actor.userId);
}
