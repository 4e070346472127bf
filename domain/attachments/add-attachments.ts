import crypto from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { requestAttachments, serviceRequests, type RequestAttachment } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import {
  MAX_FILE_BYTES,
  MAX_FILES_PER_REQUEST,
  MAX_FILES_PER_UPLOAD,
  sanitizeFileName,
  sniffContentType,
  type AttachmentContentType,
} from "./attachment-rules";

/**
 * A file as it arrived. `size` is what the client sent when that is more than was kept (a part
 * over the limit is read to its end but not held), so the size rule still sees it.
 */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
  size?: number;
}

/** A file that passed every rule, ready for `storeAttachments`. */
export interface ValidatedUpload {
  fileName: string;
  contentType: AttachmentContentType;
  size: number;
  sha256: string;
  bytes: Uint8Array;
}

export type AttachmentErrorKey =
  | "attachment.too_many"
  | "attachment.too_large"
  | "attachment.type_not_allowed"
  | "attachment.empty";

export type UploadValidation = { ok: true; files: ValidatedUpload[] } | { ok: false; errors: AttachmentErrorKey[] };

/** The field attachments are uploaded in, for errors raised once the transaction has begun. */
export const ATTACHMENTS_FIELD = "attachments";

/**
 * Checks an upload against the limits and the allowed types (by content). Returns the messages
 * (i18n keys) for the attachments field, each once, or the files with their real type, a clean
 * display name and their hash.
 */
export function validateUploads(files: readonly UploadedFile[], existingCount: number): UploadValidation {
  // Too many is answered alone: the customer has to choose again anyway.
  if (files.length > MAX_FILES_PER_UPLOAD || existingCount + files.length > MAX_FILES_PER_REQUEST) {
    return { ok: false, errors: ["attachment.too_many"] };
  }
  const errors = new Set<AttachmentErrorKey>();
  const valid: ValidatedUpload[] = [];
  for (const file of files) {
    const size = Math.max(file.size ?? 0, file.bytes.byteLength);
    if (size === 0) {
      errors.add("attachment.empty");
      continue;
    }
    if (size > MAX_FILE_BYTES) {
      errors.add("attachment.too_large");
      continue;
    }
    const contentType = sniffContentType(file.bytes);
    if (!contentType) {
      errors.add("attachment.type_not_allowed");
      continue;
    }
    valid.push({
      fileName: sanitizeFileName(file.name, contentType),
      contentType,
      size,
      sha256: crypto.createHash("sha256").update(file.bytes).digest("hex"),
      bytes: file.bytes,
    });
  }
  return errors.size > 0 ? { ok: false, errors: [...errors] } : { ok: true, files: valid };
}

/**
 * Stores the files and records them on the request, in the caller's transaction; the caller
 * writes the audit entry with the change the files belong to. The request row is locked so
 * that two uploads at once cannot pass the per-request limit together.
 *
 * NOTE: the files are written before the rows commit. If the transaction fails after this
 * returns, they stay behind without a row until `sweepOrphanAttachments` removes them.
 */
export async function storeAttachments(
  ctx: DomainContext,
  tx: Transaction,
  input: { requestId: string; eventId?: string | null; uploadedBy: string; files: readonly ValidatedUpload[] },
): Promise<RequestAttachment[]> {
  if (input.files.length === 0) return [];
  const [request] = await tx
    .select({ id: serviceRequests.id })
    .from(serviceRequests)
    .where(eq(serviceRequests.id, input.requestId))
    .for("update");
  if (!request) throw new Error(`no request ${input.requestId} to attach files to`);
  const [existing] = await tx
    .select({ n: count() })
    .from(requestAttachments)
    .where(eq(requestAttachments.requestId, input.requestId));
  if ((existing?.n ?? 0) + input.files.length > MAX_FILES_PER_REQUEST) {
    throw new AppError("INVALID_INPUT", {
      message: `request ${input.requestId} would exceed ${MAX_FILES_PER_REQUEST} attachments`,
      userMessage: "attachment.too_many",
      field: ATTACHMENTS_FIELD,
    });
  }
  const storageKeys: string[] = [];
  try {
    for (const file of input.files) storageKeys.push(await ctx.attachments.put(file.bytes));
    const createdAt = ctx.now();
    return await tx
      .insert(requestAttachments)
      .values(
        input.files.map((file, i) => ({
          requestId: input.requestId,
          eventId: input.eventId ?? null,
          uploadedBy: input.uploadedBy,
          fileName: file.fileName,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
          storageKey: storageKeys[i]!,
          createdAt,
        })),
      )
      .returning();
  } catch (error) {
    // What failed here is known; only a later rollback is left to the sweep.
    await Promise.allSettled(storageKeys.map((key) => ctx.attachments.delete(key)));
    throw error;
  }
}
