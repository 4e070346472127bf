import { and, asc, desc, eq, sql } from "drizzle-orm";
import { complaintEvents, complaints } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { ComplaintDetails } from "./complaint-schemas";

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
  if (!complaint) {
    throw new AppError("NOT_FOUND", { message: "no such complaint for this customer", userMessage: "complaint.not_found" });
  }
  const events = await ctx.db
    .select()
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaint.id), eq(complaintEvents.public, true)))
    // Received and acknowledged share their instant: the receipt reads first.
    .orderBy(asc(complaintEvents.at), sql`case when ${complaintEvents.kind} = 'received' then 0 else 1 end`);
  return {
    number: complaint.number,
    status: complaint.status,
    channel: complaint.channel,
    category: complaint.category,
    businessLine: complaint.businessLine,
    acceptedAt: complaint.acceptedAt,
    dueAt: complaint.dueAt,
    reopenCount: complaint.reopenCount,
    details: JSON.parse(ctx.cipher.decrypt(complaint.detailsEnc)) as ComplaintDetails,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      kind: e.kind,
      body: e.bodyEnc ? ctx.cipher.decrypt(e.bodyEnc) : null,
    })),
  };
}
