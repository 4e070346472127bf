import { eq } from "drizzle-orm";
import { qualityFollowUps } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import type { StaffActor } from "../service-requests/request-access";
import { checkedText, lockOpenFollowUp } from "./follow-up-records";
import { requireQualityReviewer } from "./quality-access";

/** Writes the working note of an open follow-up (encrypted: it may quote the customer; the audit says only that it changed). */
export async function noteFollowUp(ctx: DomainContext, input: { actor: StaffActor; id: string; note: string }): Promise<void> {
  requireQualityReviewer(input.actor);
  const note = checkedText(input.note, "note", true)!;
  await ctx.db.transaction(async (tx) => {
    const followUp = await lockOpenFollowUp(tx, input.id);
    await tx.update(qualityFollowUps).set({ noteEnc: ctx.cipher.encrypt(note) }).where(eq(qualityFollowUps.id, followUp.id));
    await recordAudit(tx, { actorId: input.actor.userId, action: "quality.follow_up_noted", objectType: "quality_follow_up", objectId: followUp.id });
  });
}
