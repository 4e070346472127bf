import { TOTP } from "otpauth";

/** The code an authenticator app would show for `secret` at `at`. */
export function totpCodeAt(secret: string, at: Date): string {
  return new TOTP({ secret, algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}
