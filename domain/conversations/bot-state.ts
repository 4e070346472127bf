import { eq } from "drizzle-orm";
import { conversations } from "../../db/schema";
import type { DomainContext } from "../context";
import type { Language } from "./language";

/** The bot's dialog state of a conversation: null when no dialog is running. */
export type BotState = Record<string, unknown> | null;

/** The stored (encrypted) form of a dialog state back as the bot reads it. */
export function decryptBotState(ctx: Pick<DomainContext, "cipher">, stored: string | null): BotState {
  return stored ? (JSON.parse(ctx.cipher.decrypt(stored)) as Record<string, unknown>) : null;
}

/** The state and the language of a conversation, for a turn that did not start with a stored message. */
export async function readBotState(ctx: DomainContext, conversationId: string): Promise<{ botState: BotState; language: Language }> {
  const [row] = await ctx.db
    .select({ botStateEnc: conversations.botStateEnc, language: conversations.language })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  return { botState: decryptBotState(ctx, row?.botStateEnc ?? null), language: row?.language ?? "zh" };
}

export async function writeBotState(ctx: DomainContext, conversationId: string, state: BotState): Promise<void> {
  const botStateEnc = state ? ctx.cipher.encrypt(JSON.stringify(state)) : null;
  await ctx.db.update(conversations).set({ botStateEnc }).where(eq(conversations.id, conversationId));
}
