import type { SerializeFrom } from "@remix-run/node";
import type { requestTypes } from "../../db/schema/enums";
import type { ComplaintDimension, MonthlyReport } from "../utils/domain.server";
import type { Translate } from "../i18n";
import { useT } from "../utils/i18n";
import { formatFigureValue } from "./quality-format";

// The page and the PDF say everything with the words and numbers written here, so the two
// cannot drift apart.

type Report = SerializeFrom<MonthlyReport>;
type WeakRow = Pick<Report["weakest"][number], "dimension" | "value" | "reason" | "score" | "volume">;

/** The change against the previous month, and whether it is good news; "no data" without both values. */
export function formatReportChange(figure: Report["figures"][number], t: Translate): string {
  if (figure.change === null) return t("quality.no_data");
  if (figure.change === 0) return "0";
  const better = (figure.change > 0) === (figure.better === "higher");
  return `${formatFigureValue(figure, figure.change, t, true)} (${t(better ? "quality.change.better" : "quality.change.worse")})`;
}

export function formatReportFigure(figure: Report["figures"][number], which: "current" | "previous", t: Translate): string {
  const { value } = figure[which];
  return value === null ? t("quality.no_data") : formatFigureValue(figure, value, t);
}

/** The complaint statistics' tables, in the order the report shows them. */
export const COMPLAINT_TABLES: readonly ComplaintDimension[] = ["channel", "businessLine", "category"];

export function complaintValueLabel(dimension: ComplaintDimension, value: string, t: Translate): string {
  switch (dimension) {
    case "channel":
      return t(`complaint_desk.channel.${value as Report["complaints"]["channel"][number]["value"]}`);
    case "businessLine":
      return t(`complaint.business_line.${value as Report["complaints"]["businessLine"][number]["value"]}`);
    case "category":
      return t(`complaint.category.${value as Report["complaints"]["category"][number]["value"]}`);
  }
}

/** What a weak area is (kind and name) and why it is listed. */
export function describeWeakArea(area: WeakRow, t: Translate): { kind: string; name: string; why: string } {
  const kind = t(`quality.dimension.${area.dimension}`);
  const name =
    area.dimension === "complaintCategory"
      ? complaintValueLabel("category", area.value, t)
      : area.dimension === "channel"
        ? complaintValueLabel("channel", area.value, t)
        : area.dimension === "requestType"
          ? t(`request.type.${area.value as (typeof requestTypes)[number]}`)
          : area.value;
  const score = area.reason === "quality.weak.late" ? `${(area.score * 100).toFixed(0)}%` : area.score.toFixed(1);
  return { kind, name, why: t(area.reason, { score, volume: area.volume }) };
}

export const COMPLAINT_COLUMNS = ["received", "decided", "decided_in_time", "reopened"] as const;

export function complaintCells(counts: Report["complaints"]["total"]): number[] {
  return [counts.received, counts.decided, counts.decidedInTime, counts.reopened];
}

const CHART = { width: 640, height: 220, left: 36, right: 36, top: 12, bottom: 28 } as const;

/** Drawn on the server as plain SVG: it needs no script and prints as it shows. */
export function ReportTrendChart({ points }: { points: Report["trend"]["points"] }) {
  const t = useT();
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const maxAnswers = Math.max(1, ...points.map((p) => p.answers));
  const slot = plotWidth / Math.max(1, points.length);
  const x = (i: number) => CHART.left + slot * (i + 0.5);
  const y = (rating: number) => CHART.top + plotHeight * (1 - (rating - 1) / 4);
  const line = points.flatMap((p, i) => (p.average === null ? [] : [`${x(i).toFixed(1)},${y(p.average).toFixed(1)}`])).join(" ");
  const caption = t("quality.report.trend_caption");
  return (
    <figure className="report-chart">
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} width="100%" role="img" aria-label={caption}>
        {[1, 2, 3, 4, 5].map((r) => (
          <g key={r}>
            <line x1={CHART.left} x2={CHART.width - CHART.right} y1={y(r)} y2={y(r)} stroke="#ddd" />
            <text x={CHART.left - 6} y={y(r) + 4} fontSize="11" textAnchor="end">
              {r}
            </text>
          </g>
        ))}
        <text x={CHART.width - CHART.right + 4} y={CHART.top + 10} fontSize="11">
          {maxAnswers}
        </text>
        {points.map((p, i) => {
          const h = (plotHeight * p.answers) / maxAnswers;
          return (
            <rect key={p.start} x={x(i) - slot * 0.35} width={slot * 0.7} y={CHART.top + plotHeight - h} height={h} fill="#b9d3ee">
              <title>{`${p.start}: ${p.answers} · ${p.average === null ? "–" : p.average.toFixed(2)}`}</title>
            </rect>
          );
        })}
        {line ? <polyline points={line} fill="none" stroke="#1d4f91" strokeWidth="2" /> : null}
        {points.length > 0 ? (
          <>
            <text x={CHART.left} y={CHART.height - 8} fontSize="11">
              {points[0]!.start}
            </text>
            <text x={CHART.width - CHART.right} y={CHART.height - 8} fontSize="11" textAnchor="end">
              {points[points.length - 1]!.start}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** One table of the complaint statistics: a row per channel, business type or cause, and the total. */
export function ComplaintTable({ dimension, rows, total }: { dimension: ComplaintDimension; rows: Report["complaints"]["channel" | "businessLine" | "category"]; total: Report["complaints"]["total"] }) {
  const t = useT();
  return (
    <table data-dimension={dimension}>
      <caption>{t(`quality.report.by.${dimension}`)}</caption>
      <thead>
        <tr>
          <th scope="col">{t(`quality.report.dimension.${dimension}`)}</th>
          {COMPLAINT_COLUMNS.map((c) => (
            <th key={c} scope="col">
              {t(`quality.report.col.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.value} data-value={row.value}>
            <th scope="row">{complaintValueLabel(dimension, row.value, t)}</th>
            {complaintCells(row).map((n, i) => (
              <td key={COMPLAINT_COLUMNS[i]}>{n}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-value="total">
          <th scope="row">{t("quality.report.total")}</th>
          {complaintCells(total).map((n, i) => (
            <td key={COMPLAINT_COLUMNS[i]}>{n}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
