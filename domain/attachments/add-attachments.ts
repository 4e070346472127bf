import crypto from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { complaintAttachments, requestAttachments, serviceRequests, type ComplaintAttachment, type RequestAttachment } from "../../db/schema";
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
 * Writes the files to the store and hands their keys to `record`, which inserts the rows in the
 * caller's transaction. If recording fails, the files just written are removed again.
 *
 * NOTE: the files are written before the rows commit. If the transaction fails after this
 * returns, they stay behind without a row until `sweepOrphanAttachments` removes them.
 */
async function putFiles<T>(ctx: DomainContext, files: readonly ValidatedUpload[], record: (storageKeys: string[], createdAt: Date) => Promise<T>): Promise<T> {
  const storageKeys: string[] = [];
  try {
    for (const file of files) storageKeys.push(await ctx.attachments.put(file.bytes));
    return await record(storageKeys, ctx.now());
  } catch (error) {
    // What failed here is known; only a later rollback is left to the sweep.
    await Promise.allSettled(storageKeys.map((key) => ctx.attachments.delete(key)));
    throw error;
  }
}

function tooMany(what: string): AppError {
  return new AppError("INVALID_INPUT", {
    message: `${what} would exceed ${MAX_FILES_PER_REQUEST} attachments`,
    userMessage: "attachment.too_many",
    field: ATTACHMENTS_FIELD,
  });
}

const fileColumns = (file: ValidatedUpload) => ({ fileName: file.fileName, contentType: file.contentType, size: file.size, sha256: file.sha256 });

/**
 * Stores the files and records them on the request, in the caller's transaction; the caller
 * writes the audit entry with the change the files belong to. The request row is locked so
 * that two uploads at once cannot pass the per-request limit together.
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
  if ((existing?.n ?? 0) + input.files.length > MAX_FILES_PER_REQUEST) throw tooMany(`request ${input.requestId}`);
  return putFiles(ctx, input.files, (storageKeys, createdAt) =>
    tx
      .insert(requestAttachments)
      .values(
        input.files.map((file, i) => ({
          ...fileColumns(file),
          requestId: input.requestId,
          eventId: input.eventId ?? null,
          uploadedBy: input.uploadedBy,
          storageKey: storageKeys[i]!,
          createdAt,
        })),
      )
      .returning(),
  );
}

/** Stores the files sent with a complaint, in the transaction that files it (the complaint is new: nothing to count). */
export async function storeComplaintAttachments(
  ctx: DomainContext,
  tx: Transaction,
  input: { complaintId: string; uploadedBy: string; files: readonly ValidatedUpload[] },
): Promise<ComplaintAttachment[]> {
  if (input.files.length === 0) return [];
  if (input.files.length > MAX_FILES_PER_REQUEST) throw tooMany(`complaint ${input.complaintId}`);
  return putFiles(ctx, input.files, (storageKeys, createdAt) =>
    tx
      .insert(complaintAttachments)
      .values(
        input.files.map((file, i) => ({
          ...fileColumns(file),
          complaintId: input.complaintId,
          uploadedBy: input.uploadedBy,
          storageKey: storageKeys[i]!,
          createdAt,
        })),
      )
      .returning(),
  );
}
