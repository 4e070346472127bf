import { z } from "zod";

export const CANNED_TITLE_MAX = 60;
export const CANNED_TEXT_MAX = 2000;

const text = z.string({ error: "error.required" }).trim().min(1, "error.required").max(CANNED_TEXT_MAX, "canned.text_too_long");

/** A reply agents insert with one click, in both languages. */
export const CannedReplySchema = z.object({
  title: z.string({ error: "error.required" }).trim().min(1, "error.required").max(CANNED_TITLE_MAX, "canned.title_too_long"),
  textZh: text,
  textEn: text,
});
export type CannedReplyInput = z.output<typeof CannedReplySchema>;
