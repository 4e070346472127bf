import { describe, expect, test } from "vitest";
import { maskEmail, maskMobile } from "../../domain/identity/masking";
import { normaliseMobile } from "../../domain/identity/mobile";

describe("mobile numbers", () => {
  test.each([
    ["13800000042", "13800000042"],
    ["+8613800000042", "13800000042"],
    ["8613800000042", "13800000042"],
    ["+86 138 0000 0042", "13800000042"],
    ["138-0000-0042", "13800000042"],
    [" 19900000042 ", "19900000042"],
  ])("%s is stored as %s", (input, expected) => {
    expect(normaliseMobile(input)).toBe(expected);
  });

  test.each([
    ["12800000042", "second digit must be 3–9"],
    ["1380000004", "too short"],
    ["138000000421", "too long"],
    ["+4413800000042", "another country"],
    ["1380000004a", "a letter"],
    ["", "empty"],
  ])("%s is refused (%s)", (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });
});

describe("masking", () => {
  test("a mobile number shows its first three and last four digits", () => {
    expect(maskMobile("13800000042")).toBe("138****0042");
  });

  test("a too-short value is masked entirely", () => {
    expect(maskMobile("123456")).toBe("******");
  });

  test("an email keeps its first letter and domain", () => {
    expect(maskEmail("alice@example.test")).toBe("a****@example.test");
    expect(maskEmail("not-an-email")).toBe("****");
  });
});
