import { and, asc, eq } from "drizzle-orm";
import { requestAttachments, serviceRequests } from "../../db/schema";
import type { DomainContext } from "../context";
import { attachmentAccessCondition, isUuid, type AttachmentViewer } from "./attachment-access";

/**
 * The attachments of one request that `viewer` may see, oldest first, without their bytes: for
 * listing them with their download links, and for the per-request count an upload is checked
 * against. Empty for a request that is not the viewer's.
 */
export async function findAttachmentsForViewer(ctx: DomainContext, input: { requestId: string; viewer: AttachmentViewer }) {
  const allowed = attachmentAccessCondition(ctx.db, input.viewer);
  if (!allowed || !isUuid(input.requestId)) return [];
  return ctx.db
    .select({
      id: requestAttachments.id,
      eventId: requestAttachments.eventId,
      uploadedBy: requestAttachments.uploadedBy,
      fileName: requestAttachments.fileName,
      contentType: requestAttachments.contentType,
      size: requestAttachments.size,
      createdAt: requestAttachments.createdAt,
    })
    .from(requestAttachments)
    .innerJoin(serviceRequests, eq(serviceRequests.id, requestAttachments.requestId))
    .where(and(eq(requestAttachments.requestId, input.requestId), allowed))
    .orderBy(asc(requestAttachments.createdAt), asc(requestAttachments.id));
}
