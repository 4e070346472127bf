import type { ServiceRequest, StaffRole } from "../../db/schema";
import { MASKS, type PersonalDataKind } from "../identity/reveal-policy";
import { fourEyesProblem } from "./decide-approval";
import { hasAnyRole, REQUEST_STAFF_ROLES, REVIEWER_ROLES, type StaffActor } from "./request-access";
import { canTransition, REVIEW_STATUSES } from "./request-lifecycle";
import type { RequestDetails } from "./request-schemas";

export interface DetailRow {
  /** The field's name: the screen labels it `request.field.<name>`. */
  field: string;
  value: string;
  /** The value is a choice whose label is `request.option.<value>`. */
  option?: boolean;
  masked?: boolean;
  /** The kind of personal data this is, when it is (masked unless revealed). */
  kind?: PersonalDataKind;
}

function yuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

// Every value a customer can change is personal data: each is masked by its own rule.
const INFO_UPDATE_KINDS: Record<Extract<RequestDetails, { type: "info_update" }>["field"], PersonalDataKind> = {
  phone: "mobile",
  email: "email",
  address: "address",
  id_renewal: "resident_id",
};

/** The kinds of personal data a request's details hold: what a reveal could show. */
export function personalDataKinds(details: RequestDetails): PersonalDataKind[] {
  return detailRows(details).flatMap((row) => (row.kind ? [row.kind] : []));
}

/**
 * A request's details as rows for the screen, personal data masked (SPEC §5) except the kinds
 * `shown` in full — the customer's own, or a reveal that was permitted and audited.
 */
export function detailRows(details: RequestDetails, shown: (kind: PersonalDataKind) => boolean = () => false): DetailRow[] {
  const pii = (field: string, value: string, kind: PersonalDataKind): DetailRow =>
    shown(kind) ? { field, value, kind } : { field, value: MASKS[kind](value), masked: true, kind };
  switch (details.type) {
    case "account_opening":
      return [
        { field: "holder", value: details.holder, option: true },
        { field: "realName", value: details.realName },
        pii("residentId", details.residentId, "resident_id"),
        pii("mobile", details.mobile, "mobile"),
        ...(details.companyName ? [{ field: "companyName", value: details.companyName }] : []),
      ];
    case "transfer":
      return [
        { field: "payeeName", value: details.payeeName },
        pii("payeeAccount", details.payeeAccount, "account_number"),
        { field: "amount", value: yuan(details.amount) },
        { field: "purpose", value: details.purpose },
      ];
    case "loan":
      return [
        { field: "loanType", value: details.loanType, option: true },
        { field: "amount", value: yuan(details.amount) },
        { field: "termMonths", value: String(details.termMonths) },
        // Income is personal financial information.
        pii("monthlyIncome", yuan(details.monthlyIncome), "income"),
        { field: "employment", value: details.employment, option: true },
        ...(details.employer ? [{ field: "employer", value: details.employer }] : []),
      ];
    case "info_update":
      return [
        { field: "updateField", value: details.field, option: true },
        pii("newValue", details.newValue, INFO_UPDATE_KINDS[details.field]),
      ];
    case "inquiry":
      return [
        { field: "subject", value: details.subject },
        { field: "message", value: details.message },
      ];
  }
}

export type StaffAction =
  | "claim"
  | "assign"
  | "request_info"
  | "accept"
  | "reject"
  | "mark_special"
  | "approve"
  | "reject_approval"
  | "complete"
  | "close"
  | "note";

/** What this member of staff may do with the request now: the desk shows these, the use cases re-check them. */
export function allowedStaffActions(
  request: Pick<ServiceRequest, "status" | "assigneeId" | "reviewedBy" | "clockKind" | "approvalChain">,
  actor: StaffActor,
  approvalDeciders: readonly string[],
): StaffAction[] {
  const actions: StaffAction[] = [];
  if (hasAnyRole(actor, REVIEWER_ROLES)) {
    if (REVIEW_STATUSES.includes(request.status) && request.assigneeId !== actor.userId) actions.push("claim");
    if (REVIEW_STATUSES.includes(request.status)) actions.push("assign");
    if (canTransition(request.status, "request_info") && request.status !== "submitted") actions.push("request_info");
    if (request.status === "under_review") actions.push("accept", "reject");
    if (REVIEW_STATUSES.includes(request.status) && request.clockKind === "standard") actions.push("mark_special");
    if (canTransition(request.status, "complete")) actions.push("complete");
    if (canTransition(request.status, "close")) actions.push("close");
  }
  if (request.status === "in_approval") {
    const role = request.approvalChain[approvalDeciders.length] as StaffRole | undefined;
    const fourEyes = fourEyesProblem({ actorId: actor.userId, reviewedBy: request.reviewedBy, earlierDeciders: approvalDeciders });
    if (role && hasAnyRole(actor, [role]) && !fourEyes) actions.push("approve", "reject_approval");
  }
  if (hasAnyRole(actor, REQUEST_STAFF_ROLES)) actions.push("note");
  return actions;
}
