import { and, eq, type SQL } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { conversations, qualityFollowUps, surveyAnswers, surveyInvitations, type SurveyInvitation, type SurveySubject } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { answerComplaintSurvey } from "../complaints/complaint-survey";
import type { DomainContext } from "../context";
import { ownedBy, type ChatParticipant } from "../conversations/participants";
import { AppError } from "../errors";
import { isDissatisfied } from "./survey-rules";
import { MAX_SURVEY_COMMENT_CHARS, type SurveyScore } from "./survey-schemas";

/**
 * Who answers a survey:
 * - `link`: whoever holds the signed link from the email (the signature is the authority);
 * - `customer`: the signed-in customer, in the portal — only a survey sent to them;
 * - `chat`: the chat's own participant rating it in the widget — only their own chat.
 */
export type SurveyRespondent = { kind: "link" } | { kind: "customer"; userId: string } | { kind: "chat"; participant: ChatParticipant };

export interface SurveyAnswerValue {
  score: SurveyScore;
  /** Null only for the chat widget's rating, which does not ask. */
  resolved: boolean | null;
  comment?: string | null;
}

export const surveyNotFound = () => new AppError("NOT_FOUND", { message: "no such survey for this respondent", userMessage: "survey.not_found" });

const alreadyAnswered = () => new AppError("CONFLICT", { message: "survey answered already", userMessage: "survey.already_answered" });

const surveyExpired = () => new AppError("CONFLICT", { message: "survey link expired", userMessage: "survey.expired" });

function invalidAnswer(field: string, userMessage: string) {
  return new AppError("INVALID_INPUT", { message: `invalid survey answer: ${field}`, userMessage, field });
}

/** Whether a survey can still be answered at `now`: the reason it cannot, or null. */
export function surveyProblem(invitation: Pick<SurveyInvitation, "answeredAt" | "lapsedAt" | "expiresAt">, now: Date): "answered" | "expired" | null {
  if (invitation.answeredAt) return "answered";
  if (invitation.lapsedAt || invitation.expiresAt.getTime() <= now.getTime()) return "expired";
  return null;
}

function checkAnswer(answer: SurveyAnswerValue, by: SurveyRespondent): string | null {
  if (!Number.isInteger(answer.score) || answer.score < 1 || answer.score > 5) throw invalidAnswer("score", "survey.score_required");
  if (answer.resolved === null && by.kind !== "chat") throw invalidAnswer("resolved", "survey.resolved_required");
  const comment = answer.comment?.trim() || null;
  if (comment && comment.length > MAX_SURVEY_COMMENT_CHARS) throw invalidAnswer("comment", "survey.comment_too_long");
  return comment;
}

/** The agent who had the chat when it closed: the rating credits them (the chat is closed, so it no longer changes). */
async function chatAgent(tx: Transaction, conversationId: string, owner: SQL | undefined): Promise<{ agentId: string | null } | undefined> {
  const [conversation] = await tx
    .select({ agentId: conversations.agentId })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), owner));
  return conversation;
}

/**
 * Records the one answer a survey takes, in one transaction with what it sets off: a
 * dissatisfied answer about a request or a chat opens a follow-up for the quality team; an
 * answer about a complaint goes to the complaint loop, which reopens or archives it. A survey
 * already answered, expired, or not the respondent's changes nothing. The comment is stored
 * encrypted and never written to the audit trail.
 */
export async function answerSurvey(
  ctx: DomainContext,
  input: { invitationId: string; by: SurveyRespondent; answer: SurveyAnswerValue },
): Promise<{ answerId: string; subjectType: SurveySubject; dissatisfied: boolean; followUpId: string | null }> {
  const { by, answer } = input;
  const comment = checkAnswer(answer, by);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const mine = by.kind === "customer" ? eq(surveyInvitations.customerId, by.userId) : undefined;
    const [invitation] = await tx
      .select()
      .from(surveyInvitations)
      .where(and(eq(surveyInvitations.id, input.invitationId), mine))
      .for("update");
    if (!invitation) throw surveyNotFound();
    if (by.kind === "chat" && invitation.subjectType !== "chat") throw surveyNotFound();
    const chat = invitation.subjectType === "chat" ? await chatAgent(tx, invitation.subjectId, by.kind === "chat" ? ownedBy(by.participant) : undefined) : null;
    if (chat === undefined) throw surveyNotFound();

    const problem = surveyProblem(invitation, now);
    if (problem === "answered") throw alreadyAnswered();
    if (problem === "expired") throw surveyExpired();

    const [stored] = await tx
      .insert(surveyAnswers)
      .values({
        invitationId: invitation.id,
        subjectType: invitation.subjectType,
        subjectId: invitation.subjectId,
        customerId: invitation.customerId,
        rating: answer.score,
        resolved: answer.resolved,
        commentEnc: comment ? ctx.cipher.encrypt(comment) : null,
        createdAt: now,
      })
      .returning({ id: surveyAnswers.id });
    if (!stored) throw new Error("insert returned no row");
    await tx.update(surveyInvitations).set({ answeredAt: now }).where(eq(surveyInvitations.id, invitation.id));
    const actorId = by.kind === "chat" ? (by.participant.kind === "customer" ? by.participant.userId : null) : invitation.customerId;
    const dissatisfied = isDissatisfied({ score: answer.score, resolved: answer.resolved });
    await recordAudit(tx, {
      actorId,
      action: "survey.answered",
      objectType: "survey",
      objectId: invitation.id,
      after: {
        subjectType: invitation.subjectType,
        subjectId: invitation.subjectId,
        via: by.kind,
        score: answer.score,
        resolved: answer.resolved,
        dissatisfied,
        ...(chat ? { agentId: chat.agentId } : {}),
      },
    });

    if (invitation.subjectType === "complaint") {
      if (!invitation.customerId || answer.resolved === null) throw new Error("a complaint survey is always a customer's, and asks whether it was resolved");
      await answerComplaintSurvey(ctx, tx, {
        complaintId: invitation.subjectId,
        customerId: invitation.customerId,
        score: answer.score,
        resolved: answer.resolved,
        comment,
      });
      return { answerId: stored.id, subjectType: invitation.subjectType, dissatisfied, followUpId: null };
    }
    if (!dissatisfied) return { answerId: stored.id, subjectType: invitation.subjectType, dissatisfied, followUpId: null };
    const [followUp] = await tx
      .insert(qualityFollowUps)
      .values({ surveyAnswerId: stored.id, subjectType: invitation.subjectType, subjectId: invitation.subjectId, status: "open", createdAt: now })
      .returning({ id: qualityFollowUps.id });
    if (!followUp) throw new Error("insert returned no row");
    await recordAudit(tx, {
      actorId: "system:surveys",
      action: "follow_up.opened",
      objectType: "quality_follow_up",
      objectId: followUp.id,
      after: { surveyAnswerId: stored.id, subjectType: invitation.subjectType, subjectId: invitation.subjectId, score: answer.score, resolved: answer.resolved },
    });
    return { answerId: stored.id, subjectType: invitation.subjectType, dissatisfied, followUpId: followUp.id };
  });
}
