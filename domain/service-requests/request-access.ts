import type { StaffRole } from "../../db/schema";
import { AppError } from "../errors";

export interface StaffActor {
  userId: string;
  roles: readonly StaffRole[];
}

/** Staff who work on requests: reviewers, approvers and their supervisors. */
export const REQUEST_STAFF_ROLES: readonly StaffRole[] = ["agent", "supervisor", "manager", "risk", "compliance"];
/** Preliminary review, information requests, completion. */
export const REVIEWER_ROLES: readonly StaffRole[] = ["agent", "supervisor"];

export function hasAnyRole(actor: StaffActor, roles: readonly StaffRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function requireAnyRole(actor: StaffActor, roles: readonly StaffRole[]): void {
  if (!hasAnyRole(actor, roles)) {
    throw new AppError("FORBIDDEN", { message: `needs one of ${roles.join(", ")}`, userMessage: "page.forbidden_body" });
  }
}

export const requestNotFound = () =>
  new AppError("NOT_FOUND", { message: "no such request for this viewer", userMessage: "request.not_found" });
