import type { StaffRole } from "../../db/schema";
import { AppError } from "../errors";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";

/**
 * Who works in the quality workspace's survey review (issue #6).
 *
 * - Reading surveys, their context and the follow-ups: quality reviewers, and supervisors and
 *   admins, who oversee the service and its reviewers.
 * - Tagging a survey, writing a review note, revealing the customer's name and mobile, and
 *   working a follow-up (assign, note, close): quality reviewers only. A supervisor or admin who
 *   wants to act on a survey asks the quality team; a reviewer's record stays the reviewers' own.
 * - Exports (CSV, XLSX): quality reviewers and supervisors — they carry customers' comments, which
 *   running the system (an admin's job) is no reason to take away.
 * Customers and other staff see none of it.
 */
export const QUALITY_READ_ROLES: readonly StaffRole[] = ["quality", "supervisor", "admin"];
export const QUALITY_REVIEW_ROLES: readonly StaffRole[] = ["quality"];
export const QUALITY_EXPORT_ROLES: readonly StaffRole[] = ["quality", "supervisor"];

export function requireQualityReader(actor: StaffActor): void {
  requireAnyRole(actor, QUALITY_READ_ROLES);
}

export function requireQualityReviewer(actor: StaffActor): void {
  requireAnyRole(actor, QUALITY_REVIEW_ROLES);
}

export const qualitySurveyNotFound = () =>
  new AppError("NOT_FOUND", { message: "no such survey answer", userMessage: "quality_review.survey_not_found" });

export const followUpNotFound = () =>
  new AppError("NOT_FOUND", { message: "no such follow-up", userMessage: "quality_review.follow_up_not_found" });
