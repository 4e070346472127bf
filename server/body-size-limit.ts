import type { RequestHandler } from "express";

// Forms are small: this leaves room for every field at its longest, in any script, and for the
// field-level "too long" message. Uploads (multipart) get their own, larger ceiling.
export const MAX_FORM_BYTES = 256 * 1024;
export const MAX_MULTIPART_BYTES = 60 * 1024 * 1024;
// A refused body up to this size is read to its end and thrown away, so the client that is still
// sending it gets the answer instead of a broken pipe, and the connection stays usable.
export const DRAIN_REFUSED_BYTES = 4 * 1024 * 1024;

/**
 * Refuses an oversized body before anything parses it. A moderately large one is drained after
 * the answer (Node discards an unread body once the response ends); past DRAIN_REFUSED_BYTES the
 * connection is closed with the answer rather than spend the bandwidth.
 */
export const bodySizeLimit: RequestHandler = (req, res, next) => {
  const length = Number(req.get("content-length") ?? "0");
  const multipart = (req.get("content-type") ?? "").startsWith("multipart/form-data");
  if (Number.isFinite(length) && length > (multipart ? MAX_MULTIPART_BYTES : MAX_FORM_BYTES)) {
    if (length > DRAIN_REFUSED_BYTES) res.set("Connection", "close");
    res.status(413).type("text/plain; charset=utf-8").send("Request too large / 请求内容过大");
    return;
  }
  next();
};
