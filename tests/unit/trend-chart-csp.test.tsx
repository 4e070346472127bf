import { renderToStaticMarkup } from "react-dom/server";
import { Bar, ComposedChart, Line, XAxis, YAxis } from "recharts";
import { describe, expect, it } from "vitest";
import { TREND_CHART_SIZE } from "../../app/components/quality-charts";
import { ALLOWED_STYLE_ATTRIBUTES } from "../../server/security-headers";

// The CSP admits the chart's inline style attributes by their hashes: a new chart size or a
// library upgrade that writes other styles must fail here, not as refusals in a browser.
describe("the quality trend chart on the server", () => {
  const data = [
    { start: "2026-11-01", answers: 3, average: 4.2 },
    { start: "2026-11-02", answers: 0, average: null },
  ];
  const html = renderToStaticMarkup(
    <ComposedChart {...TREND_CHART_SIZE} data={data}>
      <XAxis dataKey="start" interval={0} />
      <YAxis yAxisId="rating" domain={[1, 5]} />
      <YAxis yAxisId="answers" orientation="right" />
      <Bar yAxisId="answers" dataKey="answers" isAnimationActive={false} />
      <Line yAxisId="rating" dataKey="average" isAnimationActive={false} />
    </ComposedChart>,
  );

  it("is drawn as SVG with its data", () => {
    expect(html).toContain("<svg");
    expect(html).toContain("recharts-bar-rectangle");
    expect(html).toContain("recharts-line-curve");
    expect(html).toContain("2026-11-02");
  });

  it("carries only style attributes the CSP admits", () => {
    const styles = [...html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]);
    expect(styles.length).toBeGreaterThan(0);
    for (const style of styles) expect(ALLOWED_STYLE_ATTRIBUTES).toContain(style);
  });
});
