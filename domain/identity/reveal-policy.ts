import type { StaffRole } from "../../db/schema";
import { maskAccountNumber, maskAddress, maskEmail, maskFigure, maskMobile, maskName, maskResidentId } from "./masking";

/** The kinds of personal data the desks show masked, each with its own mask. */
export const PERSONAL_DATA_KINDS = ["resident_id", "account_number", "income", "mobile", "email", "address", "name"] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export const MASKS: Record<PersonalDataKind, (value: string) => string> = {
  resident_id: maskResidentId,
  account_number: maskAccountNumber,
  income: maskFigure,
  mobile: maskMobile,
  email: maskEmail,
  address: maskAddress,
  name: maskName,
};

/**
 * Who may see each kind in full — the one place this is decided (docs/data-inventory.md, "full
 * view"), always on a reason and always audited:
 * - a resident ID number: those who verify identity (agents, supervisors) and compliance, for
 *   the regulator; approvers decide on the reviewer's check, not on the number;
 * - an account number: also risk, who screens payees of transfers;
 * - income and loan figures: also customer managers and risk, who approve loans;
 * - mobile, email, address: also customer managers, who call and write to the customer; quality
 *   reviewers see a surveyed customer's mobile and name to call them back.
 * Investigators, quality reviewers (beyond the above) and admins never do.
 */
export const REVEAL_PERMISSIONS: Record<PersonalDataKind, readonly StaffRole[]> = {
  resident_id: ["agent", "supervisor", "compliance"],
  account_number: ["agent", "supervisor", "risk", "compliance"],
  income: ["agent", "supervisor", "manager", "risk", "compliance"],
  mobile: ["agent", "supervisor", "manager", "compliance", "quality"],
  email: ["agent", "supervisor", "manager", "compliance"],
  address: ["agent", "supervisor", "manager", "compliance"],
  name: ["agent", "supervisor", "manager", "compliance", "quality"],
};

export function mayReveal(roles: readonly StaffRole[], kind: PersonalDataKind): boolean {
  return roles.some((role) => REVEAL_PERMISSIONS[kind].includes(role));
}

/** Of the kinds on a screen, those these roles may see in full. */
export function revealableKinds(roles: readonly StaffRole[], kinds: Iterable<PersonalDataKind>): PersonalDataKind[] {
  return [...new Set(kinds)].filter((kind) => mayReveal(roles, kind));
}
