import { z } from "zod";

export const MAX_SURVEY_COMMENT_CHARS = 1000;

export type SurveyScore = 1 | 2 | 3 | 4 | 5;

/**
 * One answer to a satisfaction survey, as the survey page posts it: radio buttons for the score
 * and for "was your issue resolved?", an optional comment. Messages are i18n keys.
 */
export const SurveyAnswerSchema = z.object({
  score: z.coerce
    .number({ error: "survey.score_required" })
    .int("survey.score_required")
    .min(1, "survey.score_required")
    .max(5, "survey.score_required")
    .transform((score) => score as SurveyScore),
  resolved: z.enum(["yes", "no"], { error: "survey.resolved_required" }).transform((answer) => answer === "yes"),
  comment: z.string().trim().max(MAX_SURVEY_COMMENT_CHARS, "survey.comment_too_long").optional(),
});

export type SurveyAnswerInput = z.output<typeof SurveyAnswerSchema>;
