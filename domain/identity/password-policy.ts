import { dictionary } from "@zxcvbn-ts/language-common";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

const commonPasswords = new Set(dictionary["passwords-common"].filter((p) => p.length >= PASSWORD_MIN));

/** Length only, no composition rules (NIST 800-63B), and never a password on the common list. */
export function passwordProblem(password: string): "too_short" | "too_long" | "common" | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "too_short";
  if (length > PASSWORD_MAX) return "too_long";
  if (commonPasswords.has(password.toLowerCase())) return "common";
  return null;
}
