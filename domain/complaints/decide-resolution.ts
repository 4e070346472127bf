import { AppError } from "../errors";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { confirmationDueAt } from "./complaint-deadlines";
import { canTransition, fourEyesProblem } from "./complaint-lifecycle";
import { applyComplaintTransition } from "./complaint-records";
import { getComplaintSettings } from "./complaint-settings";
import { isSupervisor, supervisorsOnly, withDeskComplaint, wrongStatus } from "./desk-complaint-access";
import { parseResolution } from "./propose-resolution";

/**
 * A supervisor approves the proposed resolution — the decision: the written response goes to
 * the customer (their timeline and an email asking them to answer by a date) — or sends it back
 * to the investigator with a reason that stays internal. Four eyes: whoever proposed it does not
 * approve it.
 */
export function decideResolution(
  ctx: DomainContext,
  input: { actor: StaffActor; number: string } & ({ decision: "approve" } | { decision: "reject"; reason: string }),
) {
  return withDeskComplaint(ctx, input, async (tx, complaint) => {
    if (!isSupervisor(input.actor)) throw supervisorsOnly();
    if (!canTransition(complaint.status, "approve_resolution")) throw wrongStatus();
    const actor = { userId: input.actor.userId };

    if (input.decision === "reject") {
      if (!input.reason.trim()) {
        throw new AppError("INVALID_INPUT", { message: "a rejection needs a reason", userMessage: "error.required", field: "reason" });
      }
      return applyComplaintTransition(ctx, tx, {
        complaint,
        event: "reject_resolution",
        actor,
        // Back to the investigator: no resolution is on the table until the next proposal.
        patch: { resolutionEnc: null, proposedBy: null },
        entries: [{ kind: "resolution_rejected", public: false, body: input.reason }],
      });
    }

    if (complaint.proposedBy && fourEyesProblem({ approverId: input.actor.userId, proposedBy: complaint.proposedBy })) {
      throw new AppError("FORBIDDEN", { message: "the proposer cannot approve", userMessage: "complaint_desk.four_eyes" });
    }
    const resolution = parseResolution(complaint.resolutionEnc ? ctx.cipher.decrypt(complaint.resolutionEnc) : null);
    if (!resolution) throw wrongStatus();
    const now = ctx.now();
    const { confirmationDays } = await getComplaintSettings(tx);
    const answerBy = confirmationDueAt(now, confirmationDays);
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: "approve_resolution",
      actor,
      patch: { decidedAt: now },
      entries: [{ kind: "resolution_sent", public: true, body: resolution.response, data: { answerBy: answerBy.toISOString(), approvedBy: input.actor.userId } }],
      email: { template: "complaint.resolution_sent", params: { number: complaint.number, answerBy } },
    });
  });
}
