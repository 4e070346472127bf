import type { Transaction } from "../../db/client";
import type { DomainContext } from "../context";
import { applyComplaintTransition, lockComplaintById } from "./complaint-records";
import { surveyEvent } from "./complaint-lifecycle";

/**
 * The customer answered the survey on a resolved complaint: satisfied archives it; a score of
 * 1–2 or "not resolved" reopens it to a supervisor, with the answer as the reason. Called by the
 * survey module in the transaction that records the answer.
 */
export async function answerComplaintSurvey(
  ctx: DomainContext,
  tx: Transaction,
  input: { complaintId: string; customerId: string; score: 1 | 2 | 3 | 4 | 5; resolved: boolean; comment: string | null },
): Promise<void> {
  const complaint = await lockComplaintById(tx, input.complaintId);
  // A survey outlived by its complaint (reopened by a review meanwhile) changes nothing.
  if (complaint.status !== "awaiting_survey") return;
  const event = surveyEvent({ score: input.score, resolved: input.resolved });
  await applyComplaintTransition(ctx, tx, {
    complaint,
    event,
    actor: { userId: input.customerId },
    entries: [
      {
        kind: event === "survey_satisfied" ? "survey_satisfied" : "reopened",
        public: true,
        body: event === "survey_dissatisfied" ? input.comment : null,
        data: { score: input.score, resolved: input.resolved, cause: "survey" },
      },
      ...(event === "survey_satisfied" ? [{ kind: "archived", public: true }] : []),
    ],
  });
}

/** Nobody answered the complaint's survey before its link expired: the case is archived. */
export async function lapseComplaintSurvey(ctx: DomainContext, tx: Transaction, input: { complaintId: string }): Promise<void> {
  const complaint = await lockComplaintById(tx, input.complaintId);
  if (complaint.status !== "awaiting_survey") return;
  await applyComplaintTransition(ctx, tx, {
    complaint,
    event: "survey_expired",
    actor: "system",
    entries: [{ kind: "survey_expired", public: true }, { kind: "archived", public: true }],
  });
}
