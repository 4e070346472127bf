// The rules per field are in docs/data-inventory.md; each function here is one of them.

/** 13812345678 → 138****5678: enough for the owner to recognise, too little to misuse. */
export function maskMobile(mobile: string): string {
  if (mobile.length < 7) return "*".repeat(mobile.length);
  return `${mobile.slice(0, 3)}${"*".repeat(mobile.length - 7)}${mobile.slice(-4)}`;
}

/** alice@example.com → a****@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  if (at <= 0) return "****";
  return `${email[0]}****${email.slice(at)}`;
}

/**
 * 110101199003074514 → 1****************4: the region, the birth date and the last four are what
 * an impostor combines, so none of them shows.
 */
export function maskResidentId(id: string): string {
  return id.length < 8 ? "*".repeat(id.length) : `${id[0]}${"*".repeat(id.length - 2)}${id.slice(-1)}`;
}

/** 6222020200112233445 → ****3445: the last four, as on a card or a statement. */
export function maskAccountNumber(account: string): string {
  return account.length < 8 ? "****" : `****${account.slice(-4)}`;
}

/** 北京市海淀区中关村大街27号 → 北京市海淀区****: the city and district, never the street or number. */
export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  return chars.length <= 6 ? "****" : `${chars.slice(0, 6).join("")}****`;
}

/** ¥38,765.43 → ****: an income or a balance says nothing useful masked in part. */
export function maskFigure(_figure: string): string {
  return "****";
}

/** 张伟 → 张*, Emma Brown → E*** B****: the surname or initials, for a screen that needs no more. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  // Chinese names: the family name comes first and is kept.
  if (/\p{Script=Han}/u.test(chars[0]!)) return chars[0] + "*".repeat(Math.max(chars.length - 1, 1));
  return name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const letters = Array.from(word);
      return letters[0] + "*".repeat(Math.max(letters.length - 1, 1));
    })
    .join(" ");
}
