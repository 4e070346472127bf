import { describe, expect, test } from "vitest";
import { neutraliseCell } from "../../domain/quality/spreadsheet-cells";

describe("neutraliseCell", () => {
  test.each(["=HYPERLINK(\"http://evil.test\",\"click\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "=1"])("a formula-like cell %j becomes text", (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  test.each(["", "Very helpful", "不满意=退款", "1+1", " =lead space", "'quoted", "5"])("an ordinary cell %j stays as it is", (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });
});
