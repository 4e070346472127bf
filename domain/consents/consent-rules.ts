import type { Consent } from "../../db/schema";
import type { RequestDetails } from "../service-requests/request-schemas";

/**
 * The privacy notice for sensitive personal financial information (PIPL art. 29, JR/T 0171-2020
 * C3). Its text lives in the i18n catalogs under `privacy_notice.*`; changing that text means a
 * new version here, and every customer is asked again before their next sensitive submission.
 */
export const PRIVACY_NOTICE_VERSION = "2026-11";

export const SENSITIVE_PURPOSE = "sensitive_financial" as const;

/**
 * The request types whose forms carry sensitive financial data: resident ID and mobile (account
 * opening), a payee's account number (transfer), income and loan details (loan), a new ID number,
 * phone, email or address (information update). An enquiry carries none — unless files come with
 * it, which may be ID images.
 */
const SENSITIVE_REQUEST_TYPES: ReadonlySet<RequestDetails["type"]> = new Set(["account_opening", "transfer", "loan", "info_update"]);

export function requestNeedsConsent(details: Pick<RequestDetails, "type">, fileCount: number): boolean {
  return SENSITIVE_REQUEST_TYPES.has(details.type) || fileCount > 0;
}

/** A complaint's text is the customer's own account of events; its files may be ID images. */
export function complaintNeedsConsent(fileCount: number): boolean {
  return fileCount > 0;
}

/**
 * The consent that covers a sensitive submission now: given to the current notice version and
 * not withdrawn. A consent to an older version does not count — the customer has not read the
 * notice in force.
 */
export function consentInForce<C extends Pick<Consent, "noticeVersion" | "withdrawnAt" | "purpose">>(
  consents: readonly C[],
  version: string = PRIVACY_NOTICE_VERSION,
): C | null {
  return consents.find((c) => c.purpose === SENSITIVE_PURPOSE && c.noticeVersion === version && c.withdrawnAt === null) ?? null;
}
