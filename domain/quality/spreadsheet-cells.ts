/**
 * A cell a spreadsheet would read as a formula (or that some tools turn into one) begins with
 * = + - @, a tab or a carriage return. Customers write the comments we export, so such a cell is
 * prefixed with an apostrophe and read as text (OWASP "CSV injection").
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
