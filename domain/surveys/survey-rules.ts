import { surveyEvent } from "../complaints/complaint-lifecycle";
import type { SurveyScore } from "./survey-schemas";

/**
 * A dissatisfied answer: the rule the complaint loop reopens on (`surveyEvent`: a score of 1–2,
 * or "not resolved"), for every kind of survey. The chat widget's rating does not ask whether
 * the issue was resolved (`resolved` is null): it is judged by its score alone.
 */
export function isDissatisfied(answer: { score: SurveyScore; resolved: boolean | null }): boolean {
  return surveyEvent({ score: answer.score, resolved: answer.resolved ?? true }) === "survey_dissatisfied";
}
