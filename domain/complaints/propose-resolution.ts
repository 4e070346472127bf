import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { canTransition } from "./complaint-lifecycle";
import { applyComplaintTransition } from "./complaint-records";
import { handlesComplaint, notHandler, withDeskComplaint, wrongStatus } from "./desk-complaint-access";

/**
 * The resolution on the table, stored encrypted in `complaints.resolution_enc`: the remedy (what
 * the bank will do — a refund, a correction, an apology) and the written response the customer
 * will read once a supervisor approves it.
 */
export interface ProposedResolution {
  remedy: string;
  response: string;
}

/**
 * The investigator (or a supervisor) proposes a resolution; it waits for a supervisor other
 * than the proposer (four eyes) before it reaches the customer. The proposal stays internal.
 */
export function proposeResolution(ctx: DomainContext, input: { actor: StaffActor; number: string; remedy: string; response: string }) {
  return withDeskComplaint(ctx, input, (tx, complaint) => {
    if (!handlesComplaint(complaint, input.actor)) throw notHandler();
    if (!canTransition(complaint.status, "propose_resolution")) throw wrongStatus();
    const resolution: ProposedResolution = { remedy: input.remedy, response: input.response };
    const serialised = JSON.stringify(resolution);
    return applyComplaintTransition(ctx, tx, {
      complaint,
      event: "propose_resolution",
      actor: { userId: input.actor.userId },
      patch: { resolutionEnc: ctx.cipher.encrypt(serialised), proposedBy: input.actor.userId },
      // The proposal is kept in the timeline too: a rejected one is still part of the case.
      entries: [{ kind: "resolution_proposed", public: false, body: serialised }],
    });
  });
}

/** A resolution as stored (in the row or a timeline entry), or null if unreadable. */
export function parseResolution(serialised: string | null): ProposedResolution | null {
  if (!serialised) return null;
  try {
    const value = JSON.parse(serialised) as Partial<ProposedResolution>;
    return typeof value.remedy === "string" && typeof value.response === "string" ? { remedy: value.remedy, response: value.response } : null;
  } catch {
    return null;
  }
}
