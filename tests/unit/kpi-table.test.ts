import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Figure } from "../../domain/quality/dashboard-figures";
import { kpiFile, kpiRows, type KpiLabels } from "../../domain/quality/export-kpis";

const labels: KpiLabels = { header: (c) => `H:${c}`, figure: (k) => (k === "reopen_rate" ? "=SUM(A1)" : `F:${k}`), unit: (u) => `U:${u}` };
const period = { firstDay: "2026-11-01", lastDay: "2026-11-30" };
const figures: Figure[] = [
  {
    key: "satisfaction_top_share",
    unit: "ratio",
    better: "higher",
    current: { value: 2 / 3, counts: { numerator: 2, denominator: 3 } },
    previous: { value: 0.75, counts: { numerator: 3, denominator: 4 } },
    change: 2 / 3 - 0.75,
    ignoredFilters: [],
  },
  {
    key: "reopen_rate",
    unit: "ratio",
    better: "lower",
    current: { value: null, counts: { numerator: 0, denominator: 0 } },
    previous: { value: null, counts: { numerator: 0, denominator: 0 } },
    change: null,
    ignoredFilters: [],
  },
  {
    key: "request_handling_average",
    unit: "seconds",
    better: "lower",
    current: { value: 5400.123456, counts: { denominator: 7 } },
    previous: { value: 3600, counts: { denominator: 2 } },
    change: 1800.123456,
    ignoredFilters: [],
  },
];

describe("the KPI table", () => {
  const rows = kpiRows(figures, period, labels);

  it("keeps raw values in both formats: a ratio 0–1, a duration in seconds, four decimals", () => {
    expect(rows).toHaveLength(figures.length + 1);
    expect(rows[1]!.slice(2, 7)).toEqual([
      { number: 0.6667, unit: "ratio" },
      { number: 0.75, unit: "ratio" },
      { number: -0.0833, unit: "ratio" },
      { number: 2, unit: "count" },
      { number: 3, unit: "count" },
    ]);
    expect(rows[3]![2]).toEqual({ number: 5400.1235, unit: "seconds" });
    // No numerator: a count of cases only.
    expect(rows[3]![5]).toEqual({ number: null, unit: "count" });
  });

  it("as CSV: numbers stay numbers (a negative change too), text that reads as a formula is neutralised", async () => {
    const csv = new TextDecoder().decode(await kpiFile(rows, "csv"));
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("H:figure,H:unit,H:current,H:previous,H:change,H:numerator,H:denominator,H:period");
    expect(lines[1]).toBe("F:satisfaction_top_share,U:ratio,0.6667,0.75,-0.0833,2,3,2026-11-01 – 2026-11-30");
    expect(lines[2]).toBe("'=SUM(A1),U:ratio,,,,0,0,2026-11-01 – 2026-11-30");
    expect(lines[3]).toBe("F:request_handling_average,U:seconds,5400.1235,3600,1800.1235,,7,2026-11-01 – 2026-11-30");
  });

  it("as XLSX: numeric cells with the unit's number format, empty cells for no value, neutralised text", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await kpiFile(rows, "xlsx")).buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    const share = sheet.getRow(2);
    expect(share.getCell(3).value).toBe(0.6667);
    expect(share.getCell(3).numFmt).toBe("0.0%");
    expect(share.getCell(5).value).toBe(-0.0833);
    expect(share.getCell(6).value).toBe(2);
    expect(sheet.getRow(3).getCell(1).value).toBe("'=SUM(A1)");
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.getRow(4).getCell(3).value).toBe(5400.1235);
    expect(sheet.getRow(4).getCell(3).numFmt).toBe("#,##0");
  });
});
