import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import { chatMessages, conversations } from "../../db/schema";
import type { DomainContext } from "../context";
import { withinRateLimit } from "../rate-limit";
import { decryptBotState } from "./bot-state";
import { ownerOf, type ChatParticipant } from "./participants";
import { transcript, type DeliveredMessage } from "./conversations";

/** A question that has waited this long with the bot is taken to have lost its answer (a crash between the two). */
export const UNANSWERED_AFTER_MS = 30_000;
/** Older than this, a question is left alone: the customer has moved on. */
export const UNANSWERED_WITHIN_MS = 10 * 60_000;

/**
 * Conversations with the bot whose last message is still the customer's, a while after it was
 * stored — the process that should have answered it stopped in between. The bot answers them
 * again once claimed (`claimUnansweredQuestion`); its answers are tied to the question, so none is
 * stored twice.
 */
export async function findUnansweredQuestions(ctx: DomainContext) {
  const now = ctx.now().getTime();
  const rows = await ctx.db
    .select({ conversation: conversations })
    .from(conversations)
    .innerJoin(chatMessages, and(eq(chatMessages.conversationId, conversations.id), eq(chatMessages.seq, conversations.lastSeq)))
    .where(
      and(
        eq(conversations.status, "bot"),
        inArray(chatMessages.sender, ["customer", "visitor"]),
        lt(chatMessages.createdAt, new Date(now - UNANSWERED_AFTER_MS)),
        gt(chatMessages.createdAt, new Date(now - UNANSWERED_WITHIN_MS)),
      ),
    )
    .orderBy(asc(chatMessages.createdAt))
    .limit(100);
  const found: { conversationId: string; participant: ChatParticipant; question: DeliveredMessage; language: "zh" | "en"; botState: Record<string, unknown> | null }[] = [];
  for (const { conversation } of rows) {
    const [question] = await transcript(ctx, { conversationId: conversation.id, afterSeq: conversation.lastSeq - 1, withInternal: false });
    if (!question) continue;
    found.push({ conversationId: conversation.id, participant: ownerOf(conversation), question, language: conversation.language, botState: decryptBotState(ctx, conversation.botStateEnc) });
  }
  return found;
}

/**
 * Takes a found question for this instance. Every instance looks for lost questions at the same
 * moment; without a claim each would run the bot's turn again from the same dialog state, and a
 * turn that files a complaint or a request would file it once per instance. The atomic counter of
 * the rate limits is the claim: one taker per question within UNANSWERED_AFTER_MS; should the taker
 * stop too, the question may be taken again after that. False if another instance has it, or it
 * has been answered since it was found.
 */
export async function claimUnansweredQuestion(ctx: DomainContext, question: { conversationId: string; seq: number; id: string }): Promise<boolean> {
  const claimed = await withinRateLimit(ctx.db, { key: `bot:unanswered:${question.id}`, limit: 1, windowMs: UNANSWERED_AFTER_MS, now: ctx.now() });
  if (!claimed) return false;
  const [still] = await ctx.db
    .select({ lastSeq: conversations.lastSeq, status: conversations.status })
    .from(conversations)
    .where(eq(conversations.id, question.conversationId));
  return still?.status === "bot" && still.lastSeq === question.seq;
}
