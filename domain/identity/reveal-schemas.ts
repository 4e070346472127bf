import { z } from "zod";
import { revealReasons } from "../../db/schema/enums";

export const MAX_REVEAL_NOTE_CHARS = 500;

/**
 * Why a member of staff needs data in full: one of a short list, and words of their own — which
 * "other" must have. The words may name the customer: they are stored encrypted. Messages are
 * i18n keys.
 */
export const RevealReasonSchema = z
  .object({
    reason: z.enum(revealReasons, { error: "reveal.reason_required" }),
    note: z
      .string()
      .trim()
      .max(MAX_REVEAL_NOTE_CHARS, "error.too_long")
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((v, ctx) => {
    if (v.reason === "other" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "reveal.note_required" });
  });

export type RevealReason = z.output<typeof RevealReasonSchema>;
