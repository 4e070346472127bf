import type { Transaction } from "../../db/client";
import type { Complaint, StaffRole } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { hasAnyRole, requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { COMPLEX_DECISION_DAYS, MAX_DECISION_DAYS } from "./complaint-deadlines";
import { canTransition, fourEyesProblem, type ComplaintStatus } from "./complaint-lifecycle";
import { lockComplaint } from "./complaint-records";

/**
 * Who works on complaints at the desk (SPEC §3).
 *
 * - Reading a complaint — its details, timeline with internal entries, the chat it came from —
 *   is for investigators and supervisors, who handle complaints as one team (a supervisor hands a
 *   case from one investigator to another, so each needs the whole queue); for agents, who take
 *   complaints down on a customer's behalf and answer the customer who calls about one; and for
 *   quality reviewers, who review complaint files. An admin holding no other role reads none:
 *   running the system is not a reason to read customers' complaints.
 * - Taking a complaint down on a customer's behalf (phone, counter, email): agents and supervisors.
 * - Investigating — notes, a proposed resolution, a complex-case extension to 30 days, the
 *   severity — is for the investigator the complaint is assigned to, or a supervisor.
 * - Assigning, approving or rejecting a resolution, and extending beyond 30 days: supervisors.
 *   Four eyes: the one who proposed a resolution does not approve it.
 * - An archived complaint takes no change from anyone (the database refuses it too).
 */
export const COMPLAINT_READ_ROLES: readonly StaffRole[] = ["investigator", "supervisor", "agent", "quality"];
export const COMPLAINT_INTAKE_ROLES: readonly StaffRole[] = ["agent", "supervisor"];
export const COMPLAINT_SUPERVISOR_ROLES: readonly StaffRole[] = ["supervisor"];
/** Whom a complaint can be assigned to. */
export const INVESTIGATOR_ROLE: StaffRole = "investigator";

/** The statuses before the decision: the regulator's deadline runs only in these. */
export const UNDECIDED_STATUSES: readonly ComplaintStatus[] = [
  "received",
  "acknowledged",
  "investigating",
  "resolution_proposed",
  "reopened",
  "review_requested",
];

export function isUndecided(status: ComplaintStatus): boolean {
  return UNDECIDED_STATUSES.includes(status);
}

export type DeskComplaintAction = "assign" | "note" | "propose" | "approve" | "reject" | "extend" | "severity";

export const isSupervisor = (actor: StaffActor) => hasAnyRole(actor, COMPLAINT_SUPERVISOR_ROLES);

/** The assigned investigator, or a supervisor. */
export function handlesComplaint(complaint: Pick<Complaint, "investigatorId">, actor: StaffActor): boolean {
  return isSupervisor(actor) || (complaint.investigatorId !== null && complaint.investigatorId === actor.userId);
}

/**
 * What this member of staff may do with the complaint now: the desk offers these, and each use
 * case checks its own rule again under the row lock.
 */
export function allowedComplaintActions(
  complaint: Pick<Complaint, "status" | "investigatorId" | "proposedBy" | "allowanceDays" | "archivedAt">,
  actor: StaffActor,
): DeskComplaintAction[] {
  if (complaint.archivedAt || complaint.status === "archived" || !hasAnyRole(actor, COMPLAINT_READ_ROLES)) return [];
  const actions: DeskComplaintAction[] = [];
  const supervisor = isSupervisor(actor);
  const handles = handlesComplaint(complaint, actor);
  if (supervisor && canTransition(complaint.status, "assign")) actions.push("assign");
  if (handles) actions.push("note");
  if (handles && canTransition(complaint.status, "propose_resolution")) actions.push("propose");
  if (supervisor && canTransition(complaint.status, "approve_resolution")) {
    if (!complaint.proposedBy || !fourEyesProblem({ approverId: actor.userId, proposedBy: complaint.proposedBy })) actions.push("approve");
    actions.push("reject");
  }
  const limit = supervisor ? MAX_DECISION_DAYS : COMPLEX_DECISION_DAYS;
  if (handles && isUndecided(complaint.status) && complaint.allowanceDays < limit) actions.push("extend");
  if (handles) actions.push("severity");
  return actions;
}

export const complaintArchived = () =>
  new AppError("CONFLICT", { message: "complaint is archived", userMessage: "complaint_desk.archived_read_only" });

export const notHandler = () =>
  new AppError("FORBIDDEN", {
    message: "only the assigned investigator or a supervisor",
    userMessage: "complaint_desk.not_your_complaint",
  });

export const supervisorsOnly = () =>
  new AppError("FORBIDDEN", { message: "needs the supervisor role", userMessage: "complaint_desk.supervisors_only" });

export const wrongStatus = () =>
  new AppError("CONFLICT", { message: "complaint cannot take this step now", userMessage: "complaint.transition_not_allowed" });

/** The database's own refusal to change an archived complaint (SQLSTATE TL001), however it is wrapped. */
function isArchiveRefusal(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "TL001") return true;
  }
  return false;
}

/**
 * Runs `run` on the complaint, locked for the rest of the transaction, for staff who read
 * complaints. An archived complaint is refused here with a message the desk can show — and
 * should a change slip past (archived by another instance a moment ago), the database's refusal
 * becomes the same message instead of an error page.
 */
export async function withDeskComplaint<T>(
  ctx: DomainContext,
  input: { actor: StaffActor; number: string },
  run: (tx: Transaction, complaint: Complaint) => Promise<T>,
): Promise<T> {
  requireAnyRole(input.actor, COMPLAINT_READ_ROLES);
  try {
    return await ctx.db.transaction(async (tx) => {
      const complaint = await lockComplaint(tx, { number: input.number });
      if (complaint.archivedAt) throw complaintArchived();
      return run(tx, complaint);
    });
  } catch (error) {
    if (isArchiveRefusal(error)) throw complaintArchived();
    throw error;
  }
}
