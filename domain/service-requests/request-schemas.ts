import { z } from "zod";
import { normaliseMobile } from "../identity/mobile";
import { residentIdProblem } from "../identity/resident-id";

// One schema per request type, used alike by the portal form, the chat dialog and the API.
// Messages are i18n keys.

const text = (max: number) =>
  z.string({ error: "error.required" }).trim().min(1, "error.required").max(max, "error.too_long");

const residentId = z
  .string({ error: "error.required" })
  .trim()
  .max(30, "error.resident_id_format")
  .transform((v) => v.toUpperCase())
  .superRefine((v, ctx) => {
    const problem = residentIdProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: `error.resident_id_${problem}` });
  });

const mobile = z
  .string({ error: "error.required" })
  .max(20, "error.mobile_invalid")
  .transform((v, ctx) => {
    const normalised = normaliseMobile(v);
    if (!normalised) {
      ctx.addIssue({ code: "custom", message: "error.mobile_invalid" });
      return z.NEVER;
    }
    return normalised;
  });

/** Yuan with at most two decimals, above zero, to fen (an integer). */
const amountYuan = z
  .string({ error: "error.required" })
  .trim()
  .min(1, "error.required")
  .max(16, "error.amount_invalid")
  .regex(/^\d+(\.\d{1,2})?$/, "error.amount_invalid")
  .transform((v) => Math.round(Number(v) * 100))
  .refine((fen) => fen > 0, "error.amount_positive")
  .refine((fen) => fen <= 100_000_000_000, "error.amount_too_large");

const accountNumber = z
  .string({ error: "error.required" })
  .trim()
  .transform((v) => v.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{10,30}$/, "error.account_number_invalid"));

export const AccountOpeningDetails = z
  .object({
    type: z.literal("account_opening"),
    holder: z.enum(["individual", "enterprise"], { error: "error.choose_one" }),
    realName: text(60),
    residentId,
    mobile,
    companyName: z.string().trim().max(120, "error.too_long").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.holder === "enterprise" && !v.companyName) {
      ctx.addIssue({ code: "custom", path: ["companyName"], message: "error.required" });
    }
  });

export const TransferDetails = z.object({
  type: z.literal("transfer"),
  payeeName: text(60),
  payeeAccount: accountNumber,
  amount: amountYuan,
  purpose: text(200),
});

export const LoanDetails = z.object({
  type: z.literal("loan"),
  loanType: z.enum(["personal", "mortgage", "business"], { error: "error.choose_one" }),
  amount: amountYuan,
  termMonths: z.coerce
    .number({ error: "error.term_invalid" })
    .int("error.term_invalid")
    .min(1, "error.term_invalid")
    .max(360, "error.term_invalid"),
  monthlyIncome: amountYuan,
  employment: z.enum(["employed", "self_employed", "retired", "student", "other"], { error: "error.choose_one" }),
  employer: z.string().trim().max(120, "error.too_long").optional(),
});

export const InfoUpdateDetails = z
  .object({
    type: z.literal("info_update"),
    field: z.enum(["phone", "address", "email", "id_renewal"], { error: "error.choose_one" }),
    newValue: text(200),
  })
  .superRefine((v, ctx) => {
    const problem =
      v.field === "phone"
        ? normaliseMobile(v.newValue)
          ? null
          : "error.mobile_invalid"
        : v.field === "email"
          ? z.email().safeParse(v.newValue).success
            ? null
            : "error.email_invalid"
          : v.field === "id_renewal"
            ? residentIdProblem(v.newValue) && `error.resident_id_${residentIdProblem(v.newValue)}`
            : v.newValue.length < 5
              ? "error.address_too_short"
              : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["newValue"], message: problem });
  });

export const InquiryDetails = z.object({
  type: z.literal("inquiry"),
  subject: text(100),
  message: text(2000),
});

export const RequestDetailsSchema = z.discriminatedUnion(
  "type",
  [AccountOpeningDetails, TransferDetails, LoanDetails, InfoUpdateDetails, InquiryDetails],
  { error: "error.request_type_invalid" },
);

export type RequestDetails = z.output<typeof RequestDetailsSchema>;
export type SubmittableType = RequestDetails["type"];
export const SUBMITTABLE_TYPES = ["account_opening", "transfer", "loan", "info_update", "inquiry"] as const satisfies readonly SubmittableType[];

/** The amount the queue shows and the clock rules read, where the type has one. */
export function amountOf(details: RequestDetails): number | null {
  return details.type === "transfer" || details.type === "loan" ? details.amount : null;
}

export const StaffTextSchema = z.object({ text: text(2000) });

/** An acceptance number as shown to people (TL + China date + six-digit sequence). */
export const REQUEST_NUMBER = /^TL\d{14}$/;

/** Tracking without signing in: the acceptance number and the account's mobile number. */
export const TrackRequestSchema = z.object({
  number: z
    .string({ error: "error.required" })
    .trim()
    .max(20, "track.not_found")
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(REQUEST_NUMBER, "track.not_found")),
  mobile,
});
