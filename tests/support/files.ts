/** The smallest byte strings that carry each format's signature, and things that only pretend. */
export const PDF_BYTES = Buffer.from("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
export const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("0000000d49484452", "hex"),
  Buffer.alloc(24, 1),
]);
export const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF"), Buffer.alloc(32, 7)]);
/** A Windows executable's header (`MZ` … `PE`): what a renamed `.exe` starts with. */
export const EXE_BYTES = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(58), Buffer.from("PE\0\0"), Buffer.alloc(64)]);
