import type { DomainContext } from "../context";
import { findConsents } from "./consent-records";
import { consentInForce, PRIVACY_NOTICE_VERSION } from "./consent-rules";

/**
 * What the customer's forms and account page show: the consent in force (if any) and the history
 * of consents given and withdrawn.
 */
export async function getConsent(ctx: DomainContext, input: { userId: string }) {
  const history = await findConsents(ctx.db, input.userId);
  const inForce = consentInForce(history);
  return {
    noticeVersion: PRIVACY_NOTICE_VERSION,
    inForce: inForce ? { grantedAt: inForce.grantedAt, channel: inForce.channel } : null,
    history: history.map((c) => ({
      id: c.id,
      noticeVersion: c.noticeVersion,
      channel: c.channel,
      grantedAt: c.grantedAt,
      withdrawnAt: c.withdrawnAt,
    })),
  };
}
