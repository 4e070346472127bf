import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { qualityFollowUps, type QualityFollowUp } from "../../db/schema";
import { isUuid } from "../attachments/attachment-access";
import { AppError } from "../errors";
import { followUpNotFound } from "./quality-access";

export const MAX_FOLLOW_UP_TEXT_CHARS = 2000;

/** The follow-up under a row lock, for one change; a closed one takes none. */
export async function lockOpenFollowUp(tx: Transaction, id: string): Promise<QualityFollowUp> {
  if (!isUuid(id)) throw followUpNotFound();
  const [followUp] = await tx.select().from(qualityFollowUps).where(eq(qualityFollowUps.id, id)).for("update");
  if (!followUp) throw followUpNotFound();
  if (followUp.status !== "open") {
    throw new AppError("CONFLICT", { message: "follow-up closed already", userMessage: "quality_review.follow_up_closed" });
  }
  return followUp;
}

/** Trimmed text of at most the limit, or an error on `field` (`required` refuses an empty one). */
export function checkedText(value: string | null | undefined, field: string, required: boolean): string | null {
  const text = value?.trim() || null;
  if (required && !text) throw new AppError("INVALID_INPUT", { message: `${field} required`, userMessage: "error.required", field });
  if (text && text.length > MAX_FOLLOW_UP_TEXT_CHARS) throw new AppError("INVALID_INPUT", { message: `${field} too long`, userMessage: "error.too_long", field });
  return text;
}

