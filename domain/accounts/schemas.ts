import { z } from "zod";
import { locales, staffRoles } from "../../db/schema";
import { normaliseMobile } from "../identity/mobile";
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from "../identity/password-policy";

// Messages are i18n keys: the route shows them in the user's language.
const email = z
  .string({ error: "error.required" })
  .trim()
  .min(1, "error.required")
  .max(254, "error.too_long")
  .pipe(z.email({ error: "error.email_invalid" }))
  .transform((v) => v.toLowerCase());

const name = z.string({ error: "error.required" }).trim().min(1, "error.required").max(100, "error.too_long");

export const newPasswordField = z
  .string({ error: "error.required" })
  .max(PASSWORD_MAX * 4, "error.password_too_long")
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `error.password_${problem}` });
  });

export const RegisterSchema = z.object({
  name,
  email,
  mobile: z
    .string({ error: "error.required" })
    .max(20, "error.mobile_invalid")
    .transform((v, ctx) => {
      const mobile = normaliseMobile(v);
      if (!mobile) {
        ctx.addIssue({ code: "custom", message: "error.mobile_invalid" });
        return z.NEVER;
      }
      return mobile;
    }),
  password: newPasswordField,
  locale: z.enum(locales, { error: "error.required" }),
});

export const SignInSchema = z.object({
  email,
  password: z.string({ error: "error.required" }).min(1, "error.required").max(PASSWORD_MAX * 4, "error.too_long"),
});

export const SecondFactorSchema = z.object({
  code: z
    .string({ error: "error.required" })
    .trim()
    .min(1, "error.required")
    .max(20, "error.code_invalid"),
});

export const CreateStaffSchema = z.object({
  name,
  email,
  roles: z.array(z.enum(staffRoles, { error: "error.role_invalid" }), { error: "error.roles_required" }).min(1, "error.roles_required"),
});

export const PASSWORD_LIMITS = { min: PASSWORD_MIN, max: PASSWORD_MAX };
