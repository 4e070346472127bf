import { describe, expect, test } from "vitest";
import { maskAccountNumber, maskAddress, maskEmail, maskFigure, maskMobile } from "../../domain/identity/masking";
import { detailRows } from "../../domain/service-requests/request-views";
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

describe("masking (the rules of docs/data-inventory.md)", () => {
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

  test("an account number shows its last four digits only", () => {
    expect(maskAccountNumber("6222020200112233445")).toBe("****3445");
    expect(maskAccountNumber("1234567")).toBe("****");
  });

  test("an address keeps its first six characters: the city and district", () => {
    expect(maskAddress("北京市海淀区中关村大街27号")).toBe("北京市海淀区****");
    expect(maskAddress(" 上海市 ")).toBe("****");
    expect(maskAddress("12 Harbour Road, Wan Chai")).toBe("12 Har****");
  });

  test("an income is masked whole", () => {
    expect(maskFigure("¥38,765.43")).toBe("****");
  });

  test("every new value of an information update is masked by its own rule, unless revealed", () => {
    const rows = (field: "phone" | "email" | "address" | "id_renewal", newValue: string, reveal = false) =>
      detailRows({ type: "info_update", field, newValue }, () => reveal).find((r) => r.field === "newValue");
    expect(rows("phone", "13800000042")).toEqual({ field: "newValue", value: "138****0042", masked: true, kind: "mobile" });
    expect(rows("email", "alice@example.test")).toEqual({ field: "newValue", value: "a****@example.test", masked: true, kind: "email" });
    expect(rows("address", "北京市海淀区中关村大街27号")).toEqual({ field: "newValue", value: "北京市海淀区****", masked: true, kind: "address" });
    expect(rows("id_renewal", "11010519491231002X")).toEqual({ field: "newValue", value: "1****************X", masked: true, kind: "resident_id" });
    expect(rows("address", "北京市海淀区中关村大街27号", true)).toEqual({ field: "newValue", value: "北京市海淀区中关村大街27号", kind: "address" });
  });
});
