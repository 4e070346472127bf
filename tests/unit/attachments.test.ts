import crypto from "node:crypto";
import { describe, expect, test } from "vitest";
import { attachmentDisposition } from "../../app/utils/downloads.server";
import { validateUploads, type UploadedFile } from "../../domain/attachments/add-attachments";
import {
  MAX_FILE_BYTES,
  MAX_FILE_NAME_LENGTH,
  MAX_FILES_PER_REQUEST,
  MAX_FILES_PER_UPLOAD,
  sanitizeFileName,
  sniffContentType,
} from "../../domain/attachments/attachment-rules";
import { EXE_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES } from "../support/files";

const file = (name: string, bytes: Uint8Array, size?: number): UploadedFile => ({ name, bytes, size });
const pdfs = (n: number) => Array.from({ length: n }, (_, i) => file(`doc-${i}.pdf`, PDF_BYTES));

describe("sniffing the type from the content", () => {
  test("PDF, PNG and JPEG are told by their first bytes", () => {
    expect(sniffContentType(PDF_BYTES)).toBe("application/pdf");
    expect(sniffContentType(PNG_BYTES)).toBe("image/png");
    expect(sniffContentType(JPEG_BYTES)).toBe("image/jpeg");
  });

  test("anything else is nothing we accept", () => {
    expect(sniffContentType(EXE_BYTES)).toBeNull();
    expect(sniffContentType(Buffer.from("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffContentType(Buffer.from("GIF89a"))).toBeNull();
    // A signature cut short is not the signature.
    expect(sniffContentType(PNG_BYTES.subarray(0, 7))).toBeNull();
    expect(sniffContentType(Buffer.from("%PDF"))).toBeNull();
    expect(sniffContentType(new Uint8Array(0))).toBeNull();
  });

  test("the signature must open the file, not appear somewhere in it", () => {
    expect(sniffContentType(Buffer.concat([Buffer.from(" "), PDF_BYTES]))).toBeNull();
  });
});

describe("validating an upload", () => {
  test("an executable named .pdf is refused by its content", () => {
    expect(validateUploads([file("statement.pdf", EXE_BYTES)], 0)).toEqual({ ok: false, errors: ["attachment.type_not_allowed"] });
  });

  test("a PNG named .pdf is accepted as a PNG and renamed to match", () => {
    const result = validateUploads([file("statement.pdf", PNG_BYTES)], 0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.files).toEqual([
      {
        fileName: "statement.png",
        contentType: "image/png",
        size: PNG_BYTES.length,
        sha256: crypto.createHash("sha256").update(PNG_BYTES).digest("hex"),
        bytes: PNG_BYTES,
      },
    ]);
  });

  test("all three kinds pass together", () => {
    const result = validateUploads([file("a.pdf", PDF_BYTES), file("b.png", PNG_BYTES), file("c.jpeg", JPEG_BYTES)], 0);
    expect(result.ok && result.files.map((f) => [f.fileName, f.contentType])).toEqual([
      ["a.pdf", "application/pdf"],
      ["b.png", "image/png"],
      ["c.jpeg", "image/jpeg"],
    ]);
  });

  test(`at most ${MAX_FILES_PER_UPLOAD} files at once`, () => {
    expect(validateUploads(pdfs(MAX_FILES_PER_UPLOAD), 0).ok).toBe(true);
    expect(validateUploads(pdfs(MAX_FILES_PER_UPLOAD + 1), 0)).toEqual({ ok: false, errors: ["attachment.too_many"] });
  });

  test(`at most ${MAX_FILES_PER_REQUEST} files on one request, counting those already there`, () => {
    expect(validateUploads(pdfs(2), MAX_FILES_PER_REQUEST - 2).ok).toBe(true);
    expect(validateUploads(pdfs(3), MAX_FILES_PER_REQUEST - 2)).toEqual({ ok: false, errors: ["attachment.too_many"] });
    expect(validateUploads(pdfs(1), MAX_FILES_PER_REQUEST)).toEqual({ ok: false, errors: ["attachment.too_many"] });
  });

  test("each file at most 10 MB, whether held whole or only measured", () => {
    const atLimit = Buffer.concat([PDF_BYTES, Buffer.alloc(MAX_FILE_BYTES - PDF_BYTES.length)]);
    expect(validateUploads([file("big.pdf", atLimit)], 0).ok).toBe(true);
    const overLimit = Buffer.concat([atLimit, Buffer.alloc(1)]);
    expect(validateUploads([file("big.pdf", overLimit)], 0)).toEqual({ ok: false, errors: ["attachment.too_large"] });
    // As the upload parser reports a 20 MB part it read past without keeping.
    expect(validateUploads([file("big.pdf", new Uint8Array(0), 20 * 1024 * 1024)], 0)).toEqual({
      ok: false,
      errors: ["attachment.too_large"],
    });
  });

  test("an empty file is refused", () => {
    expect(validateUploads([file("empty.pdf", new Uint8Array(0))], 0)).toEqual({ ok: false, errors: ["attachment.empty"] });
  });

  test("one bad file fails the upload, and each message is given once", () => {
    const result = validateUploads(
      [file("ok.pdf", PDF_BYTES), file("a.exe", EXE_BYTES), file("b.pdf", EXE_BYTES), file("e.png", new Uint8Array(0))],
      0,
    );
    expect(result).toEqual({ ok: false, errors: ["attachment.type_not_allowed", "attachment.empty"] });
  });

  test("nothing to upload is not an error", () => {
    expect(validateUploads([], 0)).toEqual({ ok: true, files: [] });
  });
});

describe("the display name", () => {
  test("keeps Chinese names and drops the folders a browser may send", () => {
    expect(sanitizeFileName("C:\\Users\\张三\\身份证 正面.JPG", "image/jpeg")).toBe("身份证 正面.jpg");
    expect(sanitizeFileName("../../etc/passwd", "application/pdf")).toBe("passwd.pdf");
    expect(sanitizeFileName("/tmp/收入证明.pdf", "application/pdf")).toBe("收入证明.pdf");
  });

  test("the extension always tells the real type", () => {
    expect(sanitizeFileName("scan.exe", "application/pdf")).toBe("scan.pdf");
    expect(sanitizeFileName("scan", "image/png")).toBe("scan.png");
    expect(sanitizeFileName("photo.jpeg", "image/jpeg")).toBe("photo.jpeg");
    expect(sanitizeFileName("photo.jpeg", "image/png")).toBe("photo.png");
    expect(sanitizeFileName("report.v2.final.PDF", "application/pdf")).toBe("report.v2.final.pdf");
  });

  test("control, format and reserved characters are removed", () => {
    // U+202E turns "gpj.exe" into what reads as "exe.jpg".
    expect(sanitizeFileName("a\u0000b\u202Egpj.exe", "image/png")).toBe("abgpj.png");
    expect(sanitizeFileName("line\r\nbreak\t<tab>|?*\".pdf", "application/pdf")).toBe("line break tab.pdf");
    expect(sanitizeFileName("zero\u200Bwidth.pdf", "application/pdf")).toBe("zerowidth.pdf");
    expect(sanitizeFileName("  .hidden  .pdf", "application/pdf")).toBe("hidden.pdf");
  });

  test("falls back to attachment.<ext> when nothing is left", () => {
    expect(sanitizeFileName("", "application/pdf")).toBe("attachment.pdf");
    expect(sanitizeFileName("....", "image/jpeg")).toBe("attachment.jpg");
    expect(sanitizeFileName(".png", "image/png")).toBe("attachment.png");
    expect(sanitizeFileName("\u0001\u0002", "image/png")).toBe("attachment.png");
    expect(sanitizeFileName("dir/", "application/pdf")).toBe("attachment.pdf");
  });

  test(`is at most ${MAX_FILE_NAME_LENGTH} characters and never splits a character`, () => {
    const long = sanitizeFileName(`${"身份证".repeat(100)}.pdf`, "application/pdf");
    expect(long).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith("身.pdf") || long.endsWith("份.pdf") || long.endsWith("证.pdf")).toBe(true);
    const emoji = sanitizeFileName(`a${"😀".repeat(200)}.png`, "image/png");
    expect(Array.from(emoji).length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(emoji).not.toMatch(/\p{Cs}/u);
    expect(emoji.endsWith(".png")).toBe(true);
    // Cut just before a dot: no "name..pdf".
    expect(sanitizeFileName(`${"a".repeat(115)}.b.c.pdf`, "application/pdf")).toBe(`${"a".repeat(115)}.pdf`);
  });
});

describe("the download header", () => {
  test("gives the UTF-8 name and an ASCII stand-in", () => {
    expect(attachmentDisposition("身份证 正面.jpg")).toBe(
      `attachment; filename="___ __.jpg"; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%20%E6%AD%A3%E9%9D%A2.jpg`,
    );
    expect(attachmentDisposition("it's (1).pdf")).toBe(`attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
  });
});
