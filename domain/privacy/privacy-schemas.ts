import { z } from "zod";

const REASON_MAX = 2_000;

/** The customer's request to close the account: the password confirms it is them; a reason is optional. */
export const PrivacyRequestSchema = z.object({
  password: z.string({ error: "privacy.password_required" }).min(1, "privacy.password_required"),
  reason: z
    .string()
    .trim()
    .max(REASON_MAX, "privacy.reason_too_long")
    .optional()
    .transform((value) => value || null),
});

/** What the compliance desk does with a request; a refusal tells the customer why. */
export const PrivacyDeskActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("complete") }),
  z.object({
    intent: z.literal("refuse"),
    reason: z.string({ error: "privacy.refusal_required" }).trim().min(1, "privacy.refusal_required").max(REASON_MAX, "privacy.reason_too_long"),
  }),
]);

export type PrivacyRequestInput = z.infer<typeof PrivacyRequestSchema>;
