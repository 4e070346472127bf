import type { RequestAttachment } from "../../db/schema";

export const MAX_FILES_PER_UPLOAD = 5;
export const MAX_FILES_PER_REQUEST = 10;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_NAME_LENGTH = 120;

export type AttachmentContentType = RequestAttachment["contentType"];

interface FileKind {
  type: AttachmentContentType;
  signature: readonly number[];
  extension: string;
  /** Extensions a customer's file may already carry for this type; kept as given (lower-cased). */
  aliases: readonly string[];
}

const FILE_KINDS: readonly FileKind[] = [
  { type: "application/pdf", signature: [0x25, 0x50, 0x44, 0x46, 0x2d], extension: "pdf", aliases: ["pdf"] },
  { type: "image/png", signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extension: "png", aliases: ["png"] },
  { type: "image/jpeg", signature: [0xff, 0xd8, 0xff], extension: "jpg", aliases: ["jpg", "jpeg"] },
];

function kindOf(type: AttachmentContentType): FileKind {
  const kind = FILE_KINDS.find((k) => k.type === type);
  if (!kind) throw new Error(`no file kind for ${type}`);
  return kind;
}

/**
 * The type the bytes themselves declare, or null. The name and the browser's Content-Type are
 * the uploader's word and are never consulted: a program renamed `.pdf` is still a program.
 */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | null {
  const kind = FILE_KINDS.find((k) => k.signature.length <= bytes.length && k.signature.every((b, i) => bytes[i] === b));
  return kind?.type ?? null;
}

export function extensionFor(type: AttachmentContentType): string {
  return kindOf(type).extension;
}

// Control and format characters (bidi overrides make "gpj.exe" read as "exe.jpg"), lone
// surrogates, and what Windows refuses in file names: the name ends up in a Save dialog.
const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}<>:"/\\|?*]/gu;
const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;

/**
 * The name shown on screen and offered as the download name: the uploader's own name without
 * any folder, without invisible or reserved characters, at most 120 characters, and with the
 * extension of the type the content really has. Chinese names stay as they are.
 */
export function sanitizeFileName(name: string, type: AttachmentContentType): string {
  const kind = kindOf(type);
  const lastSegment = name.split(/[/\\]/).pop() ?? "";
  let base = lastSegment
    .normalize("NFC")
    // Line breaks and tabs separate words: they become spaces before the control characters go.
    .replace(/\s+/g, " ")
    .replace(UNSAFE_CHARS, "")
    .replace(/ {2,}/g, " ")
    .trim();
  let extension = kind.extension;
  const given = EXTENSION.exec(base);
  if (given) {
    base = base.slice(0, given.index);
    const lowered = given[1]!.toLowerCase();
    if (kind.aliases.includes(lowered)) extension = lowered;
  }
  const room = MAX_FILE_NAME_LENGTH - extension.length - 1;
  // By code point, so a character outside the BMP is never cut in half.
  base = Array.from(base).slice(0, room).join("");
  // Leading dots hide a file on some systems; trailing dots and spaces are dropped by Windows.
  base = base.replace(/^[.\s]+|[.\s]+$/g, "");
  return `${base || "attachment"}.${extension}`;
}
