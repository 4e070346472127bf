import { Transform } from "node:stream";

/**
 * NOTE: React 18.3's streaming renderer sends a full 2 KB buffer when a multi-byte character
 * does not fit at its end, unwritten bytes included (react/react#31134): NUL bytes land in the
 * middle of Chinese text. Browsers drop them in text, but in an attribute they show U+FFFD
 * (an aria-label reads "折线�"). HTML never needs a NUL, so the document goes out without them.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk);
    },
  });
}
