import { eq } from "drizzle-orm";
import { surveyAnswers, surveyReviews, type SurveyTag } from "../../db/schema";
import { surveyTags } from "../../db/schema/enums";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { StaffActor } from "../service-requests/request-access";
import { qualitySurveyNotFound, requireQualityReviewer } from "./quality-access";
import { isUuid } from "../attachments/attachment-access";

export const MAX_REVIEW_NOTE_CHARS = 2000;

/**
 * A reviewer's reading of one answer: its tags and a note, replacing the previous reading. The
 * note may quote the customer, so it is stored encrypted and the audit entry says only whether
 * there is one.
 */
export async function reviewSurvey(
  ctx: DomainContext,
  input: { actor: StaffActor; id: string; tags: readonly SurveyTag[]; note?: string | null },
): Promise<void> {
  requireQualityReviewer(input.actor);
  if (!isUuid(input.id)) throw qualitySurveyNotFound();
  const tags = [...new Set(input.tags)].filter((tag) => surveyTags.includes(tag));
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_REVIEW_NOTE_CHARS) {
    throw new AppError("INVALID_INPUT", { message: "review note too long", userMessage: "error.too_long", field: "note" });
  }
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [answer] = await tx.select({ id: surveyAnswers.id }).from(surveyAnswers).where(eq(surveyAnswers.id, input.id));
    if (!answer) throw qualitySurveyNotFound();
    const [before] = await tx.select({ tags: surveyReviews.tags }).from(surveyReviews).where(eq(surveyReviews.surveyAnswerId, input.id)).for("update");
    const values = { tags, noteEnc: note ? ctx.cipher.encrypt(note) : null, reviewedBy: input.actor.userId, reviewedAt: now };
    await tx
      .insert(surveyReviews)
      .values({ surveyAnswerId: input.id, ...values })
      .onConflictDoUpdate({ target: surveyReviews.surveyAnswerId, set: values });
    await recordAudit(tx, {
      actorId: input.actor.userId,
      action: "survey.reviewed",
      objectType: "survey_answer",
      objectId: input.id,
      before: before ? { tags: before.tags } : null,
      after: { tags, hasNote: note !== null },
    });
  });
}
