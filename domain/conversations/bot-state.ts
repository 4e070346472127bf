import { eq } from "drizzle-orm";
import { conversations } from "../../db/schema";
import type { DomainContext } from "../context";

/** The bot's dialog state of a conversation: null when no dialog is running. */
export type BotState = Record<string, unknown> | null;

export async function readBotState(ctx: DomainContext, conversationId: string): Promise<BotState> {
  const [row] = await ctx.db.select({ botState: conversations.botState }).from(conversations).where(eq(conversations.id, conversationId));
  return (row?.botState as BotState) ?? null;
}

export async function writeBotState(ctx: DomainContext, conversationId: string, state: BotState): Promise<void> {
  await ctx.db.update(conversations).set({ botState: state }).where(eq(conversations.id, conversationId));
}
