/**
 * An ASCII entry of a PDF's document information (Subject, Creator…): pdfkit writes each as an
 * object of its own, and the page content compressed, so this is what a test can read plainly.
 */
export function pdfInfo(pdf: Buffer, key: string): string | null {
  const text = pdf.toString("latin1");
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1];
  if (!ref) return null;
  return new RegExp(`\\n${ref} 0 obj\\n\\(([\\x20-\\x7e]*)\\)\\nendobj`).exec(text)?.[1] ?? null;
}
