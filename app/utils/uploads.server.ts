import { MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD, type UploadedFile } from "./domain.server";

export interface MultipartLimits {
  /** Bytes kept of one file; a larger one is read to its end but not held. */
  maxFileSize: number;
  /** Files kept; later ones are read past but not held. */
  maxFiles: number;
  /** Bytes of the whole body; past this the request is refused (413). */
  maxTotal: number;
}

export interface MultipartForm {
  /** The text fields only, for the form's zod schema. */
  formData: FormData;
  /** File fields by name. */
  files: Record<string, UploadedFile[]>;
}

/**
 * The limits of an attachment upload. The total matches the server's ceiling for multipart
 * bodies, which an honest browser (it always sends Content-Length) meets first; here it only
 * stops a body sent without a length, or with a false one.
 */
export const ATTACHMENT_UPLOAD_LIMITS: MultipartLimits = {
  maxFileSize: MAX_FILE_BYTES,
  maxFiles: MAX_FILES_PER_UPLOAD,
  maxTotal: 60 * 1024 * 1024,
};

// As much text as an urlencoded form may carry (server/body-size-limit.ts).
const MAX_TEXT_BYTES = 256 * 1024;

function requestTooLarge(): Response {
  // The rest of the body is left unread: the connection cannot carry another request.
  return new Response("Request too large / 请求内容过大", {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
  });
}

class LimitExceeded extends Error {}

/**
 * Reads a multipart form into memory within hard limits. A file over `maxFileSize` and files
 * beyond `maxFiles` are not kept, and come back as entries with no bytes but their real size
 * (at most one beyond the count), so that `validateUploads` answers them with a field message
 * like any other bad file. Only a body over `maxTotal`, or text fields over 256 KB, is refused
 * outright (a 413 response is thrown).
 *
 * Returns null when the body is not a well-formed multipart form.
 *
 * The body is parsed by the runtime's own `FormData` reader (undici), which reads a file name
 * as browsers send it: a quoted name may hold `;` and `=` ("a;b=c.pdf", "x onerror=y.pdf").
 * Remix's `unstable_parseMultipartFormData` splits the header at every one of them and refused
 * the whole form, the customer's text with it. The byte count in front of the parser keeps the
 * memory it can take to `maxTotal`.
 */
export async function parseMultipartForm(request: Request, limits: MultipartLimits): Promise<MultipartForm | null> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!request.body || !/^multipart\/form-data\s*;/i.test(contentType)) return null;

  const source = request.body.getReader();
  let seen = 0;
  let overLimit = false;
  const count = (chunk: Uint8Array) => {
    seen += chunk.byteLength;
    if (seen > limits.maxTotal) overLimit = true;
    return !overLimit;
  };
  // Counts every byte before the parser sees it. highWaterMark 0: nothing is read ahead.
  const limited = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await source.read();
        if (done) controller.close();
        else if (count(value)) controller.enqueue(value);
        else controller.error(new LimitExceeded("multipart body over its limit"));
      },
    },
    { highWaterMark: 0 },
  );

  let parsed: FormData | null = null;
  try {
    parsed = await new Response(limited, { headers: { "Content-Type": contentType } }).formData();
  } catch (error) {
    if (overLimit) throw requestTooLarge();
    // Anything else is a malformed body: answered as an invalid form, not a server error.
    if (!(error instanceof Error)) throw error;
  }
  // Whatever the parser left (an epilogue, the rest of a malformed body) is read and dropped,
  // so the connection is free for the answer and the next request.
  for (;;) {
    const { done, value } = await source.read();
    if (done) break;
    if (!count(value)) throw requestTooLarge();
  }
  if (!parsed) return null;

  const formData = new FormData();
  const files: Record<string, UploadedFile[]> = {};
  let textBytes = 0;
  let fileCount = 0;
  for (const [name, value] of parsed.entries()) {
    if (typeof value === "string") {
      textBytes += Buffer.byteLength(value);
      if (textBytes > MAX_TEXT_BYTES) throw requestTooLarge();
      formData.append(name, value);
      continue;
    }
    // An empty file input still sends a part, with no name and no content.
    if (value.name === "" && value.size === 0) continue;
    fileCount += 1;
    if (fileCount > limits.maxFiles + 1) continue;
    const keep = fileCount <= limits.maxFiles && value.size <= limits.maxFileSize;
    const bytes = keep ? Buffer.from(await value.arrayBuffer()) : new Uint8Array(0);
    (files[name] ??= []).push({ name: value.name, bytes, size: value.size });
  }
  return { formData, files };
}
