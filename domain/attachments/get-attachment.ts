import { and, eq, getTableColumns } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { requestAttachments, serviceRequests, type RequestAttachment } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { attachmentAccessCondition, attachmentNotFound, isUuid, type AttachmentViewer } from "./attachment-access";

/**
 * One attachment and its bytes, if `viewer` may see it: a customer their own requests' files,
 * staff with a request-handling role any request's. Anything else — including an id that is
 * not a uuid — is NOT_FOUND, so a guessed link tells nothing about what exists.
 *
 * A staff download is audited, as personal data leaving the system; the customer reading their
 * own file is not.
 */
export async function getAttachmentForViewer(
  ctx: DomainContext,
  input: { attachmentId: string; viewer: AttachmentViewer },
): Promise<{ attachment: RequestAttachment; bytes: Buffer<ArrayBuffer> }> {
  const { attachmentId, viewer } = input;
  const allowed = attachmentAccessCondition(ctx.db, viewer);
  if (!allowed || !isUuid(attachmentId)) throw attachmentNotFound();

  const load = async (db: Executor) => {
    const [attachment] = await db
      .select(getTableColumns(requestAttachments))
      .from(requestAttachments)
      .innerJoin(serviceRequests, eq(serviceRequests.id, requestAttachments.requestId))
      .where(and(eq(requestAttachments.id, attachmentId), allowed))
      .limit(1);
    if (!attachment) throw attachmentNotFound();
    return { attachment, bytes: await ctx.attachments.get(attachment.storageKey) };
  };

  if (viewer.kind !== "staff") return load(ctx.db);
  return ctx.db.transaction(async (tx) => {
    // Read before the audit entry commits: a file that cannot be read was not downloaded.
    const found = await load(tx);
    await recordAudit(tx, {
      actorId: viewer.userId,
      action: "attachment.downloaded",
      objectType: "request_attachment",
      objectId: found.attachment.id,
      // Never the file name: it often carries a name or an ID number, and the trail is forever.
      after: { requestId: found.attachment.requestId },
    });
    return found;
  });
}
