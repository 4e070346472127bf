import { describe, expect, test } from "vitest";
import { validateUploads } from "../../domain/attachments/add-attachments";
import { ATTACHMENT_UPLOAD_LIMITS, parseMultipartForm, type MultipartLimits } from "../../app/utils/uploads.server";
import { EXE_BYTES, PDF_BYTES, PNG_BYTES } from "../support/files";

const MB = 1024 * 1024;

function post(body: FormData): Request {
  return new Request("http://localhost/requests/new", { method: "POST", body });
}

function withFiles(files: File[], fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) form.append("attachments", f);
  return form;
}

/** A multipart body sent without a length, as a stream that keeps coming. */
function endlessUpload(chunkBytes: number, chunks: number): Request {
  const boundary = "----trustline-test";
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(head);
      if (sent++ < chunks) controller.enqueue(new Uint8Array(chunkBytes));
      else controller.close();
    },
  });
  return new Request("http://localhost/requests/new", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
}

async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown response");
}

describe("reading an upload form", () => {
  test("text fields go to the form data, files to their field with name and bytes", async () => {
    const form = withFiles(
      [new File([PDF_BYTES], "收入证明.pdf", { type: "application/pdf" }), new File([PNG_BYTES], "scan.png")],
      { subject: "补充材料", note: "second line\nhere" },
    );
    const parsed = await parseMultipartForm(post(form), ATTACHMENT_UPLOAD_LIMITS);
    expect(parsed).not.toBeNull();
    expect(Object.fromEntries(parsed!.formData)).toEqual({ subject: "补充材料", note: "second line\r\nhere" });
    expect(parsed!.files.attachments).toEqual([
      { name: "收入证明.pdf", bytes: PDF_BYTES, size: PDF_BYTES.length },
      { name: "scan.png", bytes: PNG_BYTES, size: PNG_BYTES.length },
    ]);
  });

  test("a file name holding ; = quotes or markup arrives whole, and the form with it", async () => {
    const names = ["a;b=c.pdf", "x onerror=y.pdf", "<img src=x onerror=__xss(2)>.pdf", 'say "hi".pdf', "收据;2026=11.pdf"];
    const form = withFiles(
      names.map((name) => new File([PDF_BYTES], name, { type: "application/pdf" })),
      { answer: "附件已补充" },
    );
    const parsed = await parseMultipartForm(post(form), { ...ATTACHMENT_UPLOAD_LIMITS, maxFiles: names.length });
    expect(parsed!.formData.get("answer")).toBe("附件已补充");
    expect(parsed!.files.attachments!.map((f) => f.name)).toEqual(names);
  });

  test("an empty file input sends nothing to check", async () => {
    const form = withFiles([new File([], "", { type: "application/octet-stream" })], { subject: "x" });
    const parsed = await parseMultipartForm(post(form), ATTACHMENT_UPLOAD_LIMITS);
    expect(parsed?.files).toEqual({});
  });

  test("a 20 MB file is read past, not held, and answered with a field message", async () => {
    const big = new File([PDF_BYTES, new Uint8Array(20 * MB)], "big.pdf");
    const parsed = await parseMultipartForm(post(withFiles([big], { subject: "after the file" })), ATTACHMENT_UPLOAD_LIMITS);
    const [entry] = parsed!.files.attachments!;
    expect(entry!.bytes.byteLength).toBe(0);
    expect(entry!.size).toBe(big.size);
    expect(validateUploads(parsed!.files.attachments!, 0)).toEqual({ ok: false, errors: ["attachment.too_large"] });
    // The rest of the form still arrives, so the page can show what was typed.
    expect(parsed!.formData.get("subject")).toBe("after the file");
  });

  test("files past the count are not held, and one of them is enough to say too many", async () => {
    const files = Array.from({ length: 8 }, (_, i) => new File([PDF_BYTES], `doc-${i}.pdf`));
    const parsed = await parseMultipartForm(post(withFiles(files)), ATTACHMENT_UPLOAD_LIMITS);
    const entries = parsed!.files.attachments!;
    expect(entries).toHaveLength(ATTACHMENT_UPLOAD_LIMITS.maxFiles + 1);
    expect(entries.at(-1)!.bytes.byteLength).toBe(0);
    expect(validateUploads(entries, 0)).toEqual({ ok: false, errors: ["attachment.too_many"] });
  });

  test("a renamed executable arrives as bytes and is refused by its content", async () => {
    const parsed = await parseMultipartForm(post(withFiles([new File([EXE_BYTES], "statement.pdf", { type: "application/pdf" })])), ATTACHMENT_UPLOAD_LIMITS);
    expect(validateUploads(parsed!.files.attachments!, 0)).toEqual({ ok: false, errors: ["attachment.type_not_allowed"] });
  });

  test("a body past the total limit is refused with 413 and the connection closed", async () => {
    const limits: MultipartLimits = { maxFileSize: 1 * MB, maxFiles: 5, maxTotal: 4 * MB };
    const response = await thrownResponse(parseMultipartForm(endlessUpload(256 * 1024, 1000), limits));
    expect(response.status).toBe(413);
    expect(response.headers.get("Connection")).toBe("close");
  });

  test("text fields past 256 KB are refused with 413", async () => {
    const form = new FormData();
    form.append("note", "字".repeat(100_000));
    const response = await thrownResponse(parseMultipartForm(post(form), ATTACHMENT_UPLOAD_LIMITS));
    expect(response.status).toBe(413);
  });

  test("a body that is not a multipart form gives null, not an error", async () => {
    const urlencoded = new Request("http://localhost/", { method: "POST", body: new URLSearchParams({ a: "1" }) });
    expect(await parseMultipartForm(urlencoded, ATTACHMENT_UPLOAD_LIMITS)).toBeNull();
    const truncated = new Request("http://localhost/", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
      body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
    });
    expect(await parseMultipartForm(truncated, ATTACHMENT_UPLOAD_LIMITS)).toBeNull();
    const noDisposition = new Request("http://localhost/", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Type: text/plain\r\n\r\nx\r\n--xyz--\r\n",
    });
    expect(await parseMultipartForm(noDisposition, ATTACHMENT_UPLOAD_LIMITS)).toBeNull();
    expect(await parseMultipartForm(new Request("http://localhost/"), ATTACHMENT_UPLOAD_LIMITS)).toBeNull();
  });
});
