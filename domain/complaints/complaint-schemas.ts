import { z } from "zod";
import type { ComplaintCategory, ComplaintSeverity } from "../../db/schema/complaints";
import { complaintBusinessLines, complaintCategories } from "../../db/schema/enums";

// The complaint form, used alike by the portal, the chat dialog and the desk (on a customer's
// behalf). Messages are i18n keys.

const text = (max: number) =>
  z.string({ error: "error.required" }).trim().min(1, "error.required").max(max, "error.too_long");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "error.too_long")
    .optional()
    .transform((v) => (v ? v : undefined));

export const ComplaintDetailsSchema = z.object({
  category: z.enum(complaintCategories, { error: "error.choose_one" }),
  businessLine: z.enum(complaintBusinessLines, { error: "error.choose_one" }),
  whatHappened: text(4000),
  // In the customer's words ("last Tuesday afternoon"): many do not know the exact date.
  whenHappened: text(100),
  product: optionalText(200),
  branch: optionalText(200),
  staffInvolved: optionalText(200),
  request: text(2000),
});

/** Why the customer disputes a resolution, or asks for a review. */
export const CustomerReasonSchema = z.object({
  reason: z.string({ error: "complaint.reason_required" }).trim().min(1, "complaint.reason_required").max(2000, "error.too_long"),
});

export type ComplaintDetails = z.output<typeof ComplaintDetailsSchema>;
/** What a caller hands over (optional fields may be left out); `fileComplaint` checks it. */
export type ComplaintInput = z.input<typeof ComplaintDetailsSchema>;

/**
 * The severity a complaint starts with, until staff judge otherwise: mis-selling and privacy
 * touch the customer's money or data and go to the front; fees and system faults next.
 */
export function initialSeverity(category: ComplaintCategory): ComplaintSeverity {
  if (category === "mis_selling" || category === "privacy") return "high";
  if (category === "fees" || category === "system_fault") return "medium";
  return "low";
}
