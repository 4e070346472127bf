// The use cases the web layer calls. Routes import them from here: a `.server` module is left
// out of the browser bundle whole, so nothing server-side (argon2, node:crypto, the database)
// is ever resolved for the browser.
export { createStaff } from "../../domain/accounts/create-staff";
export { beginTotpEnrollment, confirmTotpEnrollment } from "../../domain/accounts/enroll-totp";
export { findRoles } from "../../domain/accounts/find-account";
export { findStaff } from "../../domain/accounts/find-staff";
export { registerCustomer } from "../../domain/accounts/register-customer";
export { setLocale } from "../../domain/accounts/set-locale";
export { signInWithPassword } from "../../domain/accounts/sign-in";
export { endSessions, signOut } from "../../domain/accounts/sign-out";
export { verifySecondFactor } from "../../domain/accounts/verify-second-factor";
export { maskEmail, maskMobile } from "../../domain/identity/masking";
export { currentSessionId, findSessions, resolveSession } from "../../domain/sessions/sessions";
export { isAppError, type AppErrorCode } from "../../domain/errors";
