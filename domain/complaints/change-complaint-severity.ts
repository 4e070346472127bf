import type { ComplaintSeverity } from "../../db/schema";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { applyComplaintTransition } from "./complaint-records";
import { handlesComplaint, notHandler, withDeskComplaint } from "./desk-complaint-access";

/** The investigator or a supervisor judges the complaint more or less severe than its category suggested. */
export function changeComplaintSeverity(ctx: DomainContext, input: { actor: StaffActor; number: string; severity: ComplaintSeverity }) {
  return withDeskComplaint(ctx, input, (tx, complaint) => {
    if (!handlesComplaint(complaint, input.actor)) throw notHandler();
    if (complaint.severity === input.severity) return Promise.resolve(complaint);
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: null,
      actor: { userId: input.actor.userId },
      patch: { severity: input.severity },
      entries: [{ kind: "severity_changed", public: false, data: { from: complaint.severity, to: input.severity } }],
    });
  });
}
