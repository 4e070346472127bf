import { AppError } from "../errors";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { extensionProblem, type ExtensionProblem } from "./complaint-deadlines";
import { applyComplaintTransition } from "./complaint-records";
import { handlesComplaint, isSupervisor, isUndecided, notHandler, withDeskComplaint, wrongStatus } from "./desk-complaint-access";

const DAY_MS = 86_400_000;

const PROBLEM_FIELD: Record<ExtensionProblem, "totalDays" | "reason"> = {
  not_longer: "totalDays",
  beyond_limit: "totalDays",
  reason_required: "reason",
  supervisor_approval_required: "totalDays",
};

/**
 * More time for a complex case (CBIRC 2020 No. 3): the decision allowance grows to `totalDays`
 * calendar days in all — up to 30 on the investigator's word, up to 60 only with a supervisor's
 * approval (a supervisor extending it is that approval) — never beyond. The reason is recorded
 * and the customer is told, on their timeline and by email. The due time moves by the days
 * added, so a clock restarted by a reopening keeps its own start.
 */
export function extendDeadline(ctx: DomainContext, input: { actor: StaffActor; number: string; totalDays: number; reason: string }) {
  return withDeskComplaint(ctx, input, (tx, complaint) => {
    if (!handlesComplaint(complaint, input.actor)) throw notHandler();
    if (!isUndecided(complaint.status)) throw wrongStatus();
    const supervisor = isSupervisor(input.actor);
    const problem = extensionProblem(complaint.allowanceDays, input.totalDays, { approvedBySupervisor: supervisor, reason: input.reason });
    if (problem) {
      throw new AppError(problem === "supervisor_approval_required" ? "FORBIDDEN" : "INVALID_INPUT", {
        message: `extension refused: ${problem}`,
        userMessage: `complaint_desk.extension.${problem}`,
        field: PROBLEM_FIELD[problem],
      });
    }
    const dueAt = new Date(complaint.dueAt.getTime() + (input.totalDays - complaint.allowanceDays) * DAY_MS);
    const reason = input.reason.trim();
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: null,
      actor: { userId: input.actor.userId },
      patch: { allowanceDays: input.totalDays, dueAt, overdueAlertedAt: null },
      entries: [
        {
          kind: "deadline_extended",
          public: true,
          body: reason,
          data: {
            dueAt: dueAt.toISOString(),
            fromDays: complaint.allowanceDays,
            toDays: input.totalDays,
            ...(input.totalDays > 30 ? { approvedBy: input.actor.userId } : {}),
          },
        },
      ],
      email: { template: "complaint.extended", params: { number: complaint.number, dueAt, reason } },
    });
  });
}
