import type { FigureKey, FigureUnit } from "./dashboard-figures";
import { computeDashboard, type DashboardInput } from "./dashboard-figures";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { requireAnyRole } from "../service-requests/request-access";
import { QUALITY_EXPORT_ROLES } from "./quality-access";
import { neutraliseCell } from "./spreadsheet-cells";

export const KPI_COLUMNS = ["figure", "unit", "current", "previous", "change", "numerator", "denominator", "period"] as const;
export type KpiColumn = (typeof KPI_COLUMNS)[number];

export interface KpiLabels {
  header: (column: KpiColumn) => string;
  figure: (key: FigureKey) => string;
  unit: (unit: FigureUnit) => string;
}

const csvField = (value: string | number | null | undefined) => {
  const s = neutraliseCell(value === null || value === undefined ? "" : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

// Raw values, for the reader's own formulas: a ratio stays 0–1, a duration in seconds.
const number = (value: number | null) => (value === null ? "" : Number(value.toFixed(4)));

/**
 * The dashboard's KPI table for one period and its filters as CSV in the reader's language: each
 * figure with its value, the previous period's and the change, and the counts behind it. Audited
 * like every export, with the period and filters only.
 */
export async function exportKpis(ctx: DomainContext, input: DashboardInput & { labels: KpiLabels }): Promise<ReadableStream<Uint8Array>> {
  requireAnyRole(input.actor, QUALITY_EXPORT_ROLES);
  const figures = await computeDashboard(ctx, input);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: input.actor.userId,
      action: "quality.exported",
      objectType: "quality_kpis",
      after: { format: "csv", period: { from: input.period.firstDay, to: input.period.lastDay }, filters: input.filters },
    }),
  );
  const { labels } = input;
  const period = `${input.period.firstDay} – ${input.period.lastDay}`;
  const lines = [
    KPI_COLUMNS.map((c) => csvField(labels.header(c))).join(","),
    ...figures.map((f) =>
      [labels.figure(f.key), labels.unit(f.unit), number(f.current.value), number(f.previous.value), number(f.change), f.current.counts.numerator ?? "", f.current.counts.denominator, period]
        .map(csvField)
        .join(","),
    ),
  ];
  const bytes = new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
