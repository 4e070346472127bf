import { and, eq, getTableColumns } from "drizzle-orm";
import { complaintAttachments, complaints, type ComplaintAttachment } from "../../db/schema";
import { attachmentNotFound, isUuid } from "../attachments/attachment-access";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { COMPLAINT_READ_ROLES } from "./desk-complaint-access";

/** Who asks for a complaint's file: staff who read complaints, or the customer whose complaint it is. */
export type ComplaintFileViewer = { kind: "staff"; actor: StaffActor } | { kind: "customer"; customerId: string };

/**
 * A file sent with a complaint, and its bytes, for staff who read complaints and for the
 * complaint's own customer. Any other answer — a malformed id, a file of another complaint or
 * another customer's, none at all — is the same NOT_FOUND. Every staff download is audited, as
 * personal data leaving the system (never the file name: it often carries a name or an ID
 * number, and the trail is kept for ever); the customer reading their own file is not.
 */
export async function getComplaintAttachment(
  ctx: DomainContext,
  input: { viewer: ComplaintFileViewer; number: string; attachmentId: string },
): Promise<{ attachment: ComplaintAttachment; bytes: Buffer<ArrayBuffer> }> {
  const { viewer } = input;
  if (viewer.kind === "staff") requireAnyRole(viewer.actor, COMPLAINT_READ_ROLES);
  if (!isUuid(input.attachmentId)) throw attachmentNotFound();
  return ctx.db.transaction(async (tx) => {
    const conditions = [eq(complaintAttachments.id, input.attachmentId), eq(complaints.number, input.number)];
    if (viewer.kind === "customer") conditions.push(eq(complaints.customerId, viewer.customerId));
    const [attachment] = await tx
      .select(getTableColumns(complaintAttachments))
      .from(complaintAttachments)
      .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
      .where(and(...conditions))
      .limit(1);
    if (!attachment) throw attachmentNotFound();
    // Read before the audit entry commits: a file that cannot be read was not downloaded.
    const bytes = await ctx.attachments.get(attachment.storageKey);
    if (viewer.kind === "customer") return { attachment, bytes };
    await recordAudit(tx, {
      actorId: viewer.actor.userId,
      action: "complaint_attachment.downloaded",
      objectType: "complaint_attachment",
      objectId: attachment.id,
      after: { complaintId: attachment.complaintId },
    });
    return { attachment, bytes };
  });
}
