/**
 * The 18-character resident identity number of mainland China (GB 11643-1999): a 6-digit region
 * code, the birth date YYYYMMDD, a 3-digit sequence, and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

export type ResidentIdProblem = "format" | "birth_date" | "check_digit";

export function residentIdProblem(input: string): ResidentIdProblem | null {
  const id = input.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return "format";
  const birth = id.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10).replaceAll("-", "") !== birth ||
    date.getUTCFullYear() < 1900 ||
    date.getTime() > Date.now()
  ) {
    return "birth_date";
  }
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK_CHARS[sum % 11] === id[17] ? null : "check_digit";
}

export function normaliseResidentId(input: string): string {
  return input.trim().toUpperCase();
}
