import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
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
 * beyond `maxFiles` are read to their end without being kept, and come back as entries with no
 * bytes but their real size (at most one beyond the count), so that `validateUploads` answers
 * them with a field message like any other bad file. Only a body over `maxTotal`, or text
 * fields over 256 KB, is refused outright (a 413 response is thrown).
 *
 * Returns null when the body is not a well-formed multipart form.
 *
 * Remix's memory upload handler is not used: it throws on the first oversized part, which
 * leaves no room for a field message, and a part its handler stops reading is buffered whole
 * by the parser.
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

  let fileCount = 0;
  let textBytes = 0;
  const files: Record<string, UploadedFile[]> = {};
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (typeof filename !== "string") {
      const chunks: Uint8Array[] = [];
      for await (const chunk of data) {
        textBytes += chunk.byteLength;
        if (textBytes > MAX_TEXT_BYTES) {
          overLimit = true;
          throw new LimitExceeded("multipart text fields over their limit");
        }
        chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    fileCount += 1;
    const keep = fileCount <= limits.maxFiles;
    let chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (keep && size <= limits.maxFileSize) chunks.push(chunk);
      else chunks = [];
    }
    // An empty file input still sends a part, with no name and no content.
    if (filename === "" && size === 0) {
      fileCount -= 1;
      return undefined;
    }
    if (fileCount > limits.maxFiles + 1) return undefined;
    const bytes = keep && size <= limits.maxFileSize ? Buffer.concat(chunks) : new Uint8Array(0);
    (files[name] ??= []).push({ name: filename, bytes, size });
    return undefined;
  };

  let formData: FormData | null = null;
  try {
    const body = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: limited,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    formData = await unstable_parseMultipartFormData(body, handler);
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
  return formData && { formData, files };
}
