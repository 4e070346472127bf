/**
 * `Content-Disposition` that makes the browser save the file rather than show it, under its
 * display name: RFC 6266 with the UTF-8 name (RFC 8187) for every current browser, and an ASCII
 * stand-in for clients that read only `filename`.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%;]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A stored file as a download: its own type, saved not shown, never cached (it is personal data). */
export function fileDownload(file: { contentType: string; fileName: string }, bytes: Buffer<ArrayBuffer>): Response {
  return new Response(bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": attachmentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      // Neither a shared cache nor the browser's back button may keep it.
      "Cache-Control": "private, no-store",
    },
  });
}
