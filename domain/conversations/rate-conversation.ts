import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { conversations, surveyInvitations } from "../../db/schema";
import type { DomainContext } from "../context";
import { answerSurvey } from "../surveys/answer-survey";
import { MAX_SURVEY_COMMENT_CHARS, type SurveyScore } from "../surveys/survey-schemas";
import { invalidChatState } from "./conversation-lifecycle";
import { conversationNotFound, ownedBy, type ChatParticipant } from "./participants";

export const MAX_RATING_COMMENT_CHARS = MAX_SURVEY_COMMENT_CHARS;

export const RateChatSchema = z.object({
  conversationId: z.uuid(),
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(MAX_RATING_COMMENT_CHARS).optional(),
});

/**
 * The customer (or visitor) rates a closed chat in the widget: that answers the survey sent
 * when the chat closed, once — the same survey the emailed link and the portal answer. The
 * widget does not ask whether the issue was resolved, so the rating alone decides whether the
 * quality team follows it up.
 */
export async function rateConversation(
  ctx: DomainContext,
  input: { participant: ChatParticipant; conversationId: string; rating: number; comment?: string },
): Promise<void> {
  const [conversation] = await ctx.db
    .select({ status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), ownedBy(input.participant)));
  if (!conversation) throw conversationNotFound();
  if (conversation.status !== "closed") throw invalidChatState("only a closed chat can be rated");
  const [invitation] = await ctx.db
    .select({ id: surveyInvitations.id })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.subjectType, "chat"), eq(surveyInvitations.subjectId, input.conversationId)))
    .orderBy(desc(surveyInvitations.createdAt))
    .limit(1);
  // A chat closed before chats were surveyed has nothing to answer.
  if (!invitation) throw invalidChatState("the chat has no survey");
  await answerSurvey(ctx, {
    invitationId: invitation.id,
    by: { kind: "chat", participant: input.participant },
    answer: { score: input.rating as SurveyScore, resolved: null, comment: input.comment ?? null },
  });
}
