import { describe, expect, test } from "vitest";
import { CreateStaffSchema, RegisterSchema, SecondFactorSchema, SignInSchema } from "../../domain/accounts/schemas";

const valid = {
  name: "Test Customer",
  email: "  Alice@Example.TEST ",
  mobile: "+86 138 0000 0042",
  password: "river lantern quietly",
  locale: "zh-CN",
};

/** The i18n key shown next to each field. */
function messagesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("registration form", () => {
  test("normalises email and mobile", () => {
    expect(RegisterSchema.parse(valid)).toEqual({ ...valid, email: "alice@example.test", mobile: "13800000042" });
  });

  test("an invalid mobile number gives error.mobile_invalid", () => {
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, mobile: "12345" }))).toEqual({ mobile: "error.mobile_invalid" });
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, mobile: "1".repeat(40) }))).toEqual({ mobile: "error.mobile_invalid" });
  });

  test("password problems are i18n keys", () => {
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, password: "short" }))).toEqual({ password: "error.password_too_short" });
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, password: "qwerty123456" }))).toEqual({ password: "error.password_common" });
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, password: "x".repeat(129) }))).toEqual({ password: "error.password_too_long" });
  });

  test("missing fields say error.required, a bad email says error.email_invalid", () => {
    expect(messagesOf(RegisterSchema.safeParse({}))).toEqual({
      name: "error.required",
      email: "error.required",
      mobile: "error.required",
      password: "error.required",
      locale: "error.required",
    });
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, email: "not-an-email" }))).toEqual({ email: "error.email_invalid" });
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, name: "   " }))).toEqual({ name: "error.required" });
    expect(messagesOf(RegisterSchema.safeParse({ ...valid, locale: "fr" }))).toEqual({ locale: "error.required" });
  });
});

describe("other account forms", () => {
  test("sign-in lower-cases the email and needs a password", () => {
    expect(SignInSchema.parse({ email: "Bob@Example.test", password: "x" }).email).toBe("bob@example.test");
    expect(messagesOf(SignInSchema.safeParse({ email: "bob@example.test", password: "" }))).toEqual({ password: "error.required" });
  });

  test("the second-factor code is trimmed and required", () => {
    expect(SecondFactorSchema.parse({ code: " 123456 " }).code).toBe("123456");
    expect(messagesOf(SecondFactorSchema.safeParse({ code: " " }))).toEqual({ code: "error.required" });
  });

  test("a staff account needs at least one known role", () => {
    const staff = { name: "Test Agent", email: "agent@example.test" };
    expect(CreateStaffSchema.parse({ ...staff, roles: ["agent"] }).roles).toEqual(["agent"]);
    expect(messagesOf(CreateStaffSchema.safeParse({ ...staff, roles: [] }))).toEqual({ roles: "error.roles_required" });
    expect(messagesOf(CreateStaffSchema.safeParse({ ...staff, roles: ["root"] }))).toEqual({ "roles.0": "error.role_invalid" });
  });
});
