import { and, eq, isNull } from "drizzle-orm";
import { consents } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { consentsInForce } from "./consent-records";

/**
 * The customer withdraws their consent (PIPL art. 15): from now on no new sensitive data is
 * accepted from them until they consent again. What was already submitted stays — the bank must
 * keep it for the retention periods of the inventory — and the customer is told so on screen.
 */
export async function withdrawConsent(ctx: DomainContext, input: { userId: string }) {
  return ctx.db.transaction(async (tx) => {
    const inForce = await consentsInForce(tx, input.userId);
    if (inForce.length === 0) {
      throw new AppError("CONFLICT", { message: "no consent in force to withdraw", userMessage: "consent.nothing_to_withdraw" });
    }
    const now = ctx.now();
    for (const consent of inForce) {
      await tx
        .update(consents)
        .set({ withdrawnAt: now })
        .where(and(eq(consents.id, consent.id), isNull(consents.withdrawnAt)));
      await recordAudit(tx, {
        actorId: input.userId,
        action: "consent.withdrawn",
        objectType: "consent",
        objectId: consent.id,
        before: { noticeVersion: consent.noticeVersion, grantedAt: consent.grantedAt },
        after: { withdrawnAt: now },
      });
    }
    return { withdrawn: inForce.length };
  });
}
