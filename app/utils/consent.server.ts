import type { AppLoadContext } from "@remix-run/node";
import type { ConsentOnRecord } from "../components/consent-field";
import { getConsent, type ConsentGiven } from "./domain.server";

/** The name of the separate consent checkbox on every form that may carry sensitive data. */
export const CONSENT_FIELD = "consent";

/** What a form's consent checkbox shows: the notice in force, and when the customer agreed to it. */
export async function consentOnRecord(context: AppLoadContext, userId: string): Promise<ConsentOnRecord> {
  const consent = await getConsent(context.services.domain, { userId });
  return { noticeVersion: consent.noticeVersion, grantedAt: consent.inForce?.grantedAt.toISOString() ?? null };
}

/**
 * The consent a customer gave by ticking the checkbox with this submission, with the session's
 * address and browser as evidence (the domain stores them encrypted); null when not ticked.
 */
export function consentTickedIn(formData: FormData, request: Request, context: AppLoadContext): ConsentGiven | null {
  if (formData.get(CONSENT_FIELD) !== "on") return null;
  return { channel: "portal", client: { ip: context.clientIp, userAgent: request.headers.get("user-agent") } };
}
