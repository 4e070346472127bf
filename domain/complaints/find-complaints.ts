import { and, asc, desc, eq, sql } from "drizzle-orm";
import { complaintAttachments, complaintEvents, complaints } from "../../db/schema";
import type { DomainContext } from "../context";
import { confirmationDueAt, reviewProblem, reviewWindowEndsAt } from "./complaint-deadlines";
import { canTransition } from "./complaint-lifecycle";
import type { ComplaintDetails } from "./complaint-schemas";
import { complaintNotFound } from "./complaint-records";
import { getComplaintSettings } from "./complaint-settings";
import { parseResolution } from "./propose-resolution";


const summaryColumns = {
  id: complaints.id,
  number: complaints.number,
  channel: complaints.channel,
  status: complaints.status,
  category: complaints.category,
  businessLine: complaints.businessLine,
  acceptedAt: complaints.acceptedAt,
  dueAt: complaints.dueAt,
  reopenCount: complaints.reopenCount,
};

function publicData(data: unknown, key: "dueAt" | "reviewOf"): string | null {
  const value = data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : null;
}

/** "My complaints": the customer's own, newest first. */
export function findCustomerComplaints(ctx: DomainContext, input: { customerId: string; limit?: number }) {
  return ctx.db
    .select(summaryColumns)
    .from(complaints)
    .where(eq(complaints.customerId, input.customerId))
    .orderBy(desc(complaints.acceptedAt))
    .limit(input.limit ?? 100);
}

/**
 * One of the customer's own complaints with what they told us and the timeline they may see:
 * public events only, without who at the bank wrote them.
 */
export async function getCustomerComplaint(ctx: DomainContext, input: { customerId: string; number: string }) {
  const [complaint] = await ctx.db
    .select()
    .from(complaints)
    .where(and(eq(complaints.number, input.number), eq(complaints.customerId, input.customerId)));
  if (!complaint) throw complaintNotFound();
  const files = await ctx.db
    .select({ id: complaintAttachments.id, fileName: complaintAttachments.fileName })
    .from(complaintAttachments)
    .where(eq(complaintAttachments.complaintId, complaint.id))
    .orderBy(asc(complaintAttachments.createdAt));
  const events = await ctx.db
    .select()
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaint.id), eq(complaintEvents.public, true)))
    // Received and acknowledged share their instant: the receipt reads first.
    .orderBy(asc(complaintEvents.at), sql`case when ${complaintEvents.kind} = 'received' then 0 else 1 end`);
  // The resolution is the customer's only once approved and sent: a new proposal after a reopening
  // stays on the desk until a supervisor approves it.
  const sent = complaint.decidedAt !== null && ["awaiting_confirmation", "awaiting_survey", "archived"].includes(complaint.status);
  const { confirmationDays } = await getComplaintSettings(ctx.db);
  const now = ctx.now();
  return {
    number: complaint.number,
    status: complaint.status,
    resolution: sent && complaint.resolutionEnc ? parseResolution(ctx.cipher.decrypt(complaint.resolutionEnc)) : null,
    decidedAt: complaint.decidedAt,
    /** Until when the customer may answer the resolution before silence counts as accepting it. */
    answerBy: complaint.status === "awaiting_confirmation" && complaint.decidedAt ? confirmationDueAt(complaint.decidedAt, confirmationDays) : null,
    canAnswer: canTransition(complaint.status, "accept"),
    /** Until when a review may be asked for, when it still may. */
    reviewBy:
      complaint.decidedAt && !reviewProblem(complaint.decidedAt, now) && (canTransition(complaint.status, "request_review") || complaint.status === "archived")
        ? reviewWindowEndsAt(complaint.decidedAt)
        : null,
    channel: complaint.channel,
    category: complaint.category,
    businessLine: complaint.businessLine,
    acceptedAt: complaint.acceptedAt,
    dueAt: complaint.dueAt,
    reopenCount: complaint.reopenCount,
    details: JSON.parse(ctx.cipher.decrypt(complaint.detailsEnc)) as ComplaintDetails,
    attachments: files,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      kind: e.kind,
      body: e.bodyEnc ? ctx.cipher.decrypt(e.bodyEnc) : null,
      // Only what the customer may see of an entry's data: a deadline it set, which case a review is about.
      dueAt: publicData(e.data, "dueAt"),
      reviewOf: publicData(e.data, "reviewOf"),
    })),
  };
}
