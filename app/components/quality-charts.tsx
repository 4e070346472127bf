import type { FigureUnit, TrendPoint } from "../../domain/quality/dashboard-figures";
import type { Translate } from "../i18n";
import { useT } from "../utils/i18n";

/** A figure's value as the dashboard shows it; `signed` for a change between two periods. */
export function formatFigureValue(figure: { key: string; unit: FigureUnit }, value: number, t: Translate, signed = false): string {
  const sign = signed && value > 0 ? "+" : signed && value < 0 ? "−" : "";
  const v = signed ? Math.abs(value) : value;
  switch (figure.unit) {
    case "rating":
      return `${sign}${v.toFixed(2)}`;
    case "ratio":
      return `${sign}${(v * 100).toFixed(1)}%`;
    case "per10k":
      return `${sign}${v.toFixed(1)}`;
    case "seconds":
      return figure.key.startsWith("chat_")
        ? t("quality.unit.minutes", { value: `${sign}${(v / 60).toFixed(1)}` })
        : t("quality.unit.hours", { value: `${sign}${(v / 3600).toFixed(1)}` });
  }
}

const CHART = { width: 640, height: 220, left: 36, right: 36, top: 12, bottom: 28 } as const;

/** Drawn on the server as plain SVG: no script needed, and it scales to the phone's width. */
export function TrendChart({ step, points }: { step: "day" | "week"; points: readonly TrendPoint[] }) {
  const t = useT();
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const maxAnswers = Math.max(1, ...points.map((p) => p.answers));
  const slot = plotWidth / Math.max(1, points.length);
  const x = (i: number) => CHART.left + slot * (i + 0.5);
  const yRating = (r: number) => CHART.top + plotHeight * (1 - (r - 1) / 4);
  const line = points
    .map((p, i) => (p.average === null ? null : `${x(i).toFixed(1)},${yRating(p.average).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(" ");
  const caption = t(step === "day" ? "quality.trend_caption.day" : "quality.trend_caption.week");
  return (
    <figure>
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} width="100%" role="img" aria-label={caption}>
        {[1, 2, 3, 4, 5].map((r) => (
          <g key={r}>
            <line x1={CHART.left} x2={CHART.width - CHART.right} y1={yRating(r)} y2={yRating(r)} stroke="#ddd" />
            <text x={CHART.left - 6} y={yRating(r) + 4} fontSize="11" textAnchor="end">
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
      <details>
        <summary>{t("quality.trend_table")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("quality.trend_start")}</th>
              <th scope="col">{t("quality.trend_answers")}</th>
              <th scope="col">{t("quality.trend_average")}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.start}>
                <td>{p.start}</td>
                <td>{p.answers}</td>
                <td>{p.average === null ? "–" : p.average.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
