import { asc, eq } from "drizzle-orm";
import { requestApprovals, type StaffRole } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { APPROVER_ROLES } from "./approval-chains";
import { hasAnyRole, type StaffActor } from "./request-access";
import { applyTransition } from "./request-records";
import { asStaff } from "./review-request";

/**
 * Four eyes (§3.2, §4.1): the reviewer who accepted a request approves none of its steps, and
 * nobody decides two steps of one request. Returns the refusal, or null.
 */
export function fourEyesProblem(input: {
  actorId: string;
  reviewedBy: string | null;
  earlierDeciders: readonly string[];
}): "reviewed_it" | "decided_a_step" | null {
  if (input.reviewedBy === input.actorId) return "reviewed_it";
  if (input.earlierDeciders.includes(input.actorId)) return "decided_a_step";
  return null;
}

/**
 * One approval step, by someone holding that step's role. A rejection ends the chain with a
 * reason the customer reads; the last approval approves the request.
 */
export function decideApproval(
  ctx: DomainContext,
  input: { actor: StaffActor; requestId: string; decision: "approved" | "rejected"; reason?: string },
) {
  // Someone who approves no step of any chain is refused before the request's state is looked at:
  // a refusal says nothing about where the request stands.
  return asStaff(ctx, input.actor, APPROVER_ROLES, input.requestId, async (tx, request) => {
    if (request.status !== "in_approval") {
      throw new AppError("CONFLICT", { message: "not in approval", userMessage: "request.transition_not_allowed" });
    }
    const earlier = await tx
      .select()
      .from(requestApprovals)
      .where(eq(requestApprovals.requestId, request.id))
      .orderBy(asc(requestApprovals.step));
    const step = earlier.length;
    const role = request.approvalChain[step] as StaffRole | undefined;
    if (!role) throw new AppError("CONFLICT", { message: "chain already complete", userMessage: "request.transition_not_allowed" });
    if (!hasAnyRole(input.actor, [role])) {
      throw new AppError("FORBIDDEN", { message: `step ${step} needs ${role}`, userMessage: "request.not_your_step" });
    }
    const problem = fourEyesProblem({ actorId: input.actor.userId, reviewedBy: request.reviewedBy, earlierDeciders: earlier.map((a) => a.decidedBy) });
    if (problem) {
      throw new AppError("FORBIDDEN", { message: `four eyes: ${problem}`, userMessage: `request.four_eyes_${problem}` });
    }
    if (input.decision === "rejected" && !input.reason) {
      throw new AppError("INVALID_INPUT", { message: "rejection needs a reason", userMessage: "error.required", field: "text" });
    }
    const now = ctx.now();
    await tx.insert(requestApprovals).values({
      requestId: request.id,
      step,
      role,
      decidedBy: input.actor.userId,
      decision: input.decision,
      decidedAt: now,
    });
    const last = step === request.approvalChain.length - 1;
    const stepEntry = { kind: `approval_${input.decision}`, public: false, data: { step, role } };
    if (input.decision === "rejected") {
      return applyTransition(ctx, tx, {
        request,
        event: "reject",
        actorId: input.actor.userId,
        patch: { decidedAt: now },
        entries: [{ kind: "rejected", public: true, body: input.reason }, stepEntry],
        email: { template: "request.decided", params: { number: request.number, outcome: "rejected", reason: input.reason } },
      });
    }
    return applyTransition(ctx, tx, {
      request,
      event: last ? "approve_last_step" : "approve_step",
      actorId: input.actor.userId,
      patch: last ? { decidedAt: now } : {},
      entries: last
        ? [{ kind: "approved", public: true }, stepEntry]
        : [{ kind: "approval_step_passed", public: true, data: { step: step + 1, of: request.approvalChain.length } }, stepEntry],
      email: last ? { template: "request.decided", params: { number: request.number, outcome: "approved" } } : undefined,
    });
  });
}
