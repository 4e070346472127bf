import { computeDashboard, type DashboardInput, type Figure, type FigureKey, type FigureUnit } from "./dashboard-figures";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { requireAnyRole } from "../service-requests/request-access";
import type { ExportFormat } from "./export-surveys";
import { QUALITY_EXPORT_ROLES } from "./quality-access";
import { neutraliseCell } from "./spreadsheet-cells";

export const KPI_COLUMNS = ["figure", "unit", "current", "previous", "change", "numerator", "denominator", "period"] as const;
export type KpiColumn = (typeof KPI_COLUMNS)[number];

export interface KpiLabels {
  header: (column: KpiColumn) => string;
  figure: (key: FigureKey) => string;
  unit: (unit: FigureUnit) => string;
}

/** A cell of the table: words, or a number in a figure's unit (or a count). */
export type KpiCell = { text: string } | { number: number | null; unit: FigureUnit | "count" };

// Raw values in both formats, for the reader's own formulas: a ratio stays 0–1 and a duration
// stays in seconds (the unit column says so). The workbook only shows a ratio as a percentage.
const value = (v: number | null, unit: FigureUnit): KpiCell => ({ number: v === null ? null : Number(v.toFixed(4)), unit });
const count = (v: number | undefined): KpiCell => ({ number: v ?? null, unit: "count" });

/** The table, header first, one row per figure in the dashboard's order. */
export function kpiRows(figures: readonly Figure[], period: { firstDay: string; lastDay: string }, labels: KpiLabels): KpiCell[][] {
  const during = `${period.firstDay} – ${period.lastDay}`;
  return [
    KPI_COLUMNS.map((c) => ({ text: labels.header(c) })),
    ...figures.map((f) => [
      { text: labels.figure(f.key) },
      { text: labels.unit(f.unit) },
      value(f.current.value, f.unit),
      value(f.previous.value, f.unit),
      value(f.change, f.unit),
      count(f.current.counts.numerator),
      count(f.current.counts.denominator),
      { text: during },
    ]),
  ];
}

// Text is neutralised (a spreadsheet must not read it as a formula); numbers are ours, and a
// negative change stays a number.
const csvField = (cell: KpiCell) => {
  const s = "text" in cell ? neutraliseCell(cell.text) : cell.number === null ? "" : String(cell.number);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const NUMBER_FORMATS: Record<FigureUnit | "count", string> = { rating: "0.00", ratio: "0.0%", seconds: "#,##0", per10k: "0.0", count: "#,##0" };

function csvBytes(rows: KpiCell[][]): Uint8Array {
  // The byte-order mark tells spreadsheet programs the file is UTF-8 (Chinese labels).
  return new TextEncoder().encode(`\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`);
}

async function xlsxBytes(rows: KpiCell[][]): Promise<Uint8Array> {
  // Sixteen rows: built in memory, unlike the survey list's streamed workbook.
  // Loaded here rather than at start-up: only spreadsheet exports use it.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("KPIs");
  for (const row of rows) {
    const added = sheet.addRow(row.map((cell) => ("text" in cell ? neutraliseCell(cell.text) : cell.number)));
    row.forEach((cell, i) => {
      if ("unit" in cell) added.getCell(i + 1).numFmt = NUMBER_FORMATS[cell.unit];
    });
  }
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => (column.width = i === 0 ? 36 : 16));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The table as a file: CSV (UTF-8 with a byte-order mark) or an Excel workbook. */
export async function kpiFile(rows: KpiCell[][], format: ExportFormat): Promise<Uint8Array> {
  return format === "csv" ? csvBytes(rows) : xlsxBytes(rows);
}

/**
 * The dashboard's KPI table for one period and its filters as CSV or XLSX in the reader's
 * language: each figure with its value, the previous period's and the change, and the counts
 * behind it. Audited like every export, with the period and filters only.
 */
export async function exportKpis(
  ctx: DomainContext,
  input: DashboardInput & { format: ExportFormat; labels: KpiLabels },
): Promise<ReadableStream<Uint8Array>> {
  requireAnyRole(input.actor, QUALITY_EXPORT_ROLES);
  const figures = await computeDashboard(ctx, input);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: input.actor.userId,
      action: "quality.exported",
      objectType: "quality_kpis",
      after: { format: input.format, period: { from: input.period.firstDay, to: input.period.lastDay }, filters: input.filters },
    }),
  );
  const bytes = await kpiFile(kpiRows(figures, input.period, input.labels), input.format);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
