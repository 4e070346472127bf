import type { Transaction } from "../../db/client";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { userRoles, users, type ServiceRequest, type StaffRole } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { REVIEW_STATUSES } from "./request-lifecycle";
import { REQUEST_STAFF_ROLES, requestNotFound, REVIEWER_ROLES, requireAnyRole, type StaffActor } from "./request-access";
import { inviteSurvey } from "../surveys/invite-survey";
import { applyTransition, lockRequest } from "./request-records";
import { extendedDueAt } from "./review-clock";

/** Preliminary review (形式审查, §2.1.2) by an agent or supervisor, and completion. */

/** Runs `run` on the locked request, for staff holding one of `roles`. */
export async function asStaff<T>(
  ctx: DomainContext,
  actor: StaffActor,
  roles: readonly StaffRole[],
  requestId: string,
  run: (tx: Transaction, request: ServiceRequest) => Promise<T>,
): Promise<T> {
  requireAnyRole(actor, roles);
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, { id: requestId });
    if (!request) throw requestNotFound();
    return run(tx, request);
  });
}

/** Claims a request (or assigns it to a colleague); a new request moves under review. */
export function assignRequest(ctx: DomainContext, input: { actor: StaffActor; requestId: string; assigneeId?: string }) {
  const assigneeId = input.assigneeId ?? input.actor.userId;
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, async (tx, request) => {
    if (!REVIEW_STATUSES.includes(request.status)) throw notInReview();
    const [assignee] = await tx
      .select({ id: userRoles.userId })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.userId, assigneeId), inArray(userRoles.role, [...REVIEWER_ROLES]), isNull(users.disabledAt)));
    if (!assignee) {
      throw new AppError("INVALID_INPUT", { message: "assignee is not a reviewer", userMessage: "desk.assignee_invalid", field: "assigneeId" });
    }
    return applyTransition(ctx, tx, {
      request,
      event: request.status === "submitted" ? "start_review" : null,
      actorId: input.actor.userId,
      patch: { assigneeId },
      entries: [
        ...(request.status === "submitted" ? [{ kind: "review_started", public: true }] : []),
        { kind: "assigned", public: false, data: { assigneeId } },
      ],
    });
  });
}

/** Colleagues a request can be assigned to: active staff who review requests. */
export async function findReviewers(ctx: DomainContext) {
  const rows = await ctx.db
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(userRoles.role, [...REVIEWER_ROLES]), isNull(users.disabledAt)))
    .orderBy(users.name);
  return rows;
}

/** Asks the customer for more information: the review clock stands still until they answer. */
export function requestInformation(ctx: DomainContext, input: { actor: StaffActor; requestId: string; question: string }) {
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, (tx, request) =>
    applyTransition(ctx, tx, {
      request,
      event: "request_info",
      actorId: input.actor.userId,
      patch: { clockPausedAt: ctx.now(), assigneeId: request.assigneeId ?? input.actor.userId },
      entries: [{ kind: "info_requested", public: true, body: input.question }],
      email: { template: "request.info_requested", params: { number: request.number, question: input.question } },
    }),
  );
}

/**
 * Accepts the request into processing after the preliminary review. The reviewer is recorded:
 * four eyes keep them off every approval step of this request.
 */
export function acceptRequest(ctx: DomainContext, input: { actor: StaffActor; requestId: string }) {
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, async (tx, request) => {
    const accepted = await applyTransition(ctx, tx, {
      request,
      event: "accept",
      actorId: input.actor.userId,
      patch: { reviewedBy: input.actor.userId, reviewedAt: request.reviewedAt ?? ctx.now(), slaState: "on_track" },
      entries: [{ kind: "accepted", public: true }],
    });
    if (accepted.approvalChain.length > 0) return accepted;
    // Nothing to approve (an inquiry, an ordinary transfer): approved with the review.
    return applyTransition(ctx, tx, {
      request: accepted,
      event: "approve_last_step",
      actorId: input.actor.userId,
      patch: { decidedAt: ctx.now() },
      entries: [{ kind: "approved", public: true }],
      email: { template: "request.decided", params: { number: accepted.number, outcome: "approved" } },
    });
  });
}

/** Rejects the request in review, with a reason the customer reads. */
export function rejectInReview(ctx: DomainContext, input: { actor: StaffActor; requestId: string; reason: string }) {
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, (tx, request) => {
    if (request.status === "in_approval") throw notInReview();
    return applyTransition(ctx, tx, {
      request,
      event: "reject",
      actorId: input.actor.userId,
      patch: { reviewedBy: input.actor.userId, reviewedAt: request.reviewedAt ?? ctx.now(), decidedAt: ctx.now(), slaState: "on_track" },
      entries: [{ kind: "rejected", public: true, body: input.reason }],
      email: { template: "request.decided", params: { number: request.number, outcome: "rejected", reason: input.reason } },
    });
  });
}

/** A special case (§2.1.3) gets five working days; the reason stays internal. */
export function markSpecial(ctx: DomainContext, input: { actor: StaffActor; requestId: string; reason: string }) {
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, (tx, request) => {
    if (!REVIEW_STATUSES.includes(request.status)) throw notInReview();
    if (request.clockKind !== "standard") {
      throw new AppError("CONFLICT", { message: "clock already special or fund movement", userMessage: "request.already_special" });
    }
    return applyTransition(ctx, tx, {
      request,
      event: null,
      actorId: input.actor.userId,
      patch: { clockKind: "special", specialReason: input.reason, dueAt: extendedDueAt(ctx.calendar, request.dueAt, "standard") },
      entries: [{ kind: "marked_special", public: false, body: input.reason }],
    });
  });
}

/** An internal note: for colleagues, never shown to the customer. */
export function addInternalNote(ctx: DomainContext, input: { actor: StaffActor; requestId: string; note: string }) {
  return asStaff(ctx, input.actor, REQUEST_STAFF_ROLES, input.requestId, (tx, request) =>
    applyTransition(ctx, tx, {
      request,
      event: null,
      actorId: input.actor.userId,
      entries: [{ kind: "note", public: false, body: input.note }],
    }),
  );
}

/** Records that the service was delivered, after the last approval; the customer is asked how it went. */
export function completeRequest(ctx: DomainContext, input: { actor: StaffActor; requestId: string }) {
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, async (tx, request) => {
    const completed = await applyTransition(ctx, tx, {
      request,
      event: "complete",
      actorId: input.actor.userId,
      entries: [{ kind: "completed", public: true }],
      email: { template: "request.completed", params: { number: request.number } },
    });
    await inviteSurvey(ctx, tx, {
      subjectType: "request",
      subjectId: request.id,
      customerId: request.customerId,
      number: request.number,
      channel: "portal",
      requestType: request.type,
      agentId: request.assigneeId ?? input.actor.userId,
    });
    return completed;
  });
}

const notInReview = () =>
  new AppError("CONFLICT", { message: "request is not in preliminary review", userMessage: "request.transition_not_allowed" });

/** Files a finished request away (completed, rejected or withdrawn): the customer sees it closed. */
export function closeRequest(ctx: DomainContext, input: { actor: StaffActor; requestId: string }) {
  return asStaff(ctx, input.actor, REVIEWER_ROLES, input.requestId, (tx, request) =>
    applyTransition(ctx, tx, {
      request,
      event: "close",
      actorId: input.actor.userId,
      entries: [{ kind: "closed", public: true }],
    }),
  );
}
