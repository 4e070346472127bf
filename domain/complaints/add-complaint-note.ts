import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import type { ComplaintNoteKind } from "./complaint-desk-schemas";
import { applyComplaintTransition } from "./complaint-records";
import { handlesComplaint, notHandler, withDeskComplaint } from "./desk-complaint-access";

/**
 * The investigation's record: a finding, a piece of evidence, the root cause, or a contact (a
 * call or visit with the customer). Internal unless the investigator shares it with the
 * customer, who then reads it on their timeline — without who wrote it.
 */
export function addComplaintNote(
  ctx: DomainContext,
  input: { actor: StaffActor; number: string; noteKind: ComplaintNoteKind; text: string; shared?: boolean },
) {
  return withDeskComplaint(ctx, input, (tx, complaint) => {
    if (!handlesComplaint(complaint, input.actor)) throw notHandler();
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: null,
      actor: { userId: input.actor.userId },
      entries: [{ kind: "note", public: Boolean(input.shared), body: input.text, data: { noteKind: input.noteKind } }],
    });
  });
}
