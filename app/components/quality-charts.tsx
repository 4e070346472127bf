import { Bar, CartesianGrid, ComposedChart, Line, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "../../domain/quality/dashboard-figures";
import { useT } from "../utils/i18n";

/**
 * The chart's fixed size: it is drawn on the server, which cannot measure the page, and the
 * stylesheet scales it down to a phone's width. server/security-headers.ts allows the two style
 * attributes the chart library writes for exactly this size (see docs/decisions/012).
 */
export const TREND_CHART_SIZE = { width: 640, height: 240 } as const;
/** At most this many dates under the chart: more would overlap. */
const MAX_TICKS = 8;
const NO_VALUE = "–";

const rating = (value: number | null) => (value === null ? NO_VALUE : value.toFixed(2));

/**
 * Satisfaction per day or week: the average rating (line, 1–5), the number of answers (bars)
 * and, dashed, the previous period's average on the same day or week of its period. Rendered on
 * the server (fixed size, no animation, no measured labels) so the page reads the same before
 * and without JavaScript; the table under it carries every value for screen readers.
 */
export function TrendChart({ step, points, previous = [] }: { step: "day" | "week"; points: readonly TrendPoint[]; previous?: readonly TrendPoint[] }) {
  const t = useT();
  const rows = points.map((p, i) => ({ ...p, previousStart: previous[i]?.start ?? null, previousAverage: previous[i]?.average ?? null }));
  const caption = t(step === "day" ? "quality.trend_caption.day" : "quality.trend_caption.week");
  return (
    <figure className="trend-chart">
      <ComposedChart
        id="quality-trend"
        {...TREND_CHART_SIZE}
        data={rows}
        margin={{ top: 12, right: 8, bottom: 4, left: 0 }}
        role="img"
        aria-label={caption}
        title={caption}
        desc={t("quality.trend_desc")}
      >
        <CartesianGrid vertical={false} stroke="#ddd" />
        <XAxis dataKey="start" interval={Math.max(0, Math.ceil(rows.length / MAX_TICKS) - 1)} fontSize={11} />
        <YAxis yAxisId="rating" domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} interval={0} width={28} fontSize={11} />
        <YAxis yAxisId="answers" orientation="right" allowDecimals={false} interval={0} width={36} fontSize={11} />
        <Bar yAxisId="answers" dataKey="answers" fill="#b9d3ee" isAnimationActive={false} />
        <Line yAxisId="rating" dataKey="previousAverage" stroke="#6b7785" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        <Line yAxisId="rating" dataKey="average" stroke="#1d4f91" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
      </ComposedChart>
      <figcaption>{caption}</figcaption>
      <ul className="trend-legend">
        <li className="trend-legend-average">{t("quality.trend_average")}</li>
        <li className="trend-legend-previous">{t("quality.trend_previous_average")}</li>
        <li className="trend-legend-answers">{t("quality.trend_answers")}</li>
      </ul>
      <details>
        <summary>{t("quality.trend_table")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("quality.trend_start")}</th>
              <th scope="col">{t("quality.trend_answers")}</th>
              <th scope="col">{t("quality.trend_average")}</th>
              <th scope="col">{t("quality.trend_previous_start")}</th>
              <th scope="col">{t("quality.trend_previous_average")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.start}>
                <td>{r.start}</td>
                <td>{r.answers}</td>
                <td>{rating(r.average)}</td>
                <td>{r.previousStart ?? NO_VALUE}</td>
                <td>{rating(r.previousAverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
