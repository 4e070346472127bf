import { and, eq, isNull } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { complaintEvents, userRoles, users, type Complaint } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { StaffActor } from "../service-requests/request-access";
import { canTransition, reviewInvestigatorProblem } from "./complaint-lifecycle";
import { applyComplaintTransition } from "./complaint-records";
import { INVESTIGATOR_ROLE, isSupervisor, supervisorsOnly, withDeskComplaint, wrongStatus } from "./desk-complaint-access";

/**
 * A supervisor assigns the complaint to an investigator (active staff holding the investigator
 * role, possibly the supervisor themselves), or hands it from one investigator to another.
 *
 * A review (核查) goes to someone other than the first investigator: refused when assigning a
 * complaint waiting in `review_requested`, and on every later assignment of the case.
 */
export function assignInvestigator(ctx: DomainContext, input: { actor: StaffActor; number: string; investigatorId: string }) {
  return withDeskComplaint(ctx, input, async (tx, complaint) => {
    if (!isSupervisor(input.actor)) throw supervisorsOnly();
    if (!canTransition(complaint.status, "assign")) throw wrongStatus();
    if (!(await isActiveInvestigator(tx, input.investigatorId))) {
      throw new AppError("INVALID_INPUT", {
        message: "assignee is not an active investigator",
        userMessage: "complaint_desk.investigator_invalid",
        field: "investigatorId",
      });
    }
    const review = complaint.status === "review_requested" || (await hasBeenReviewed(tx, complaint));
    if (review && complaint.firstInvestigatorId && reviewInvestigatorProblem({ investigatorId: input.investigatorId, firstInvestigatorId: complaint.firstInvestigatorId })) {
      throw new AppError("CONFLICT", {
        message: "a review goes to another investigator than the first",
        userMessage: "complaint_desk.review_needs_other_investigator",
        field: "investigatorId",
      });
    }
    const starts = complaint.status !== "investigating";
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: "assign",
      actor: { userId: input.actor.userId },
      patch: { investigatorId: input.investigatorId, firstInvestigatorId: complaint.firstInvestigatorId ?? input.investigatorId },
      entries: [
        { kind: "assigned", public: false, data: { investigatorId: input.investigatorId, review } },
        // The customer learns that someone is on it, not who.
        ...(starts ? [{ kind: "investigation_started", public: true, data: { review } }] : []),
      ],
    });
  });
}

async function isActiveInvestigator(tx: Transaction, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.id, userId), eq(users.kind, "staff"), eq(userRoles.role, INVESTIGATOR_ROLE), isNull(users.disabledAt)));
  return Boolean(row);
}

/**
 * Whether the complaint is, or has been, under review: a case opened to review an archived one,
 * or one assigned for review before. Once the first investigator's handling has been questioned
 * they stay off the case, whatever happens to it next.
 */
async function hasBeenReviewed(tx: Transaction, complaint: Complaint): Promise<boolean> {
  if (complaint.reviewOfId) return true;
  const assignments = await tx
    .select({ data: complaintEvents.data })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaint.id), eq(complaintEvents.kind, "assigned")));
  return assignments.some((a) => (a.data as { review?: unknown } | null)?.review === true);
}

/** Whom a supervisor can assign complaints to: active staff holding the investigator role. */
export async function findInvestigators(ctx: DomainContext, input: { actor: StaffActor }) {
  if (!isSupervisor(input.actor)) throw supervisorsOnly();
  return ctx.db
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.kind, "staff"), eq(userRoles.role, INVESTIGATOR_ROLE), isNull(users.disabledAt)))
    .orderBy(users.name);
}
