import fs from "node:fs";
import path from "node:path";
import { spreadOf, type Spread } from "./stats";

/** One printed line: the product's figure beside the bare baseline measured in the same run. */
export interface BenchRow {
  scenario: string;
  database: string;
  /** What the figures are: "req/s", "p99 ms", "MB"… */
  unit: string;
  product: Spread;
  baseline?: { name: string; figures: Spread };
  /** product ÷ baseline, medians. */
  ratio?: number;
  goal: string;
  met: boolean | null;
  note?: string;
}

/** Progress on stderr, so that the table on stdout stays clean. */
export function progress(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

/**
 * Runs the product and its baseline alternately, `rounds` times each (the order flipped every
 * round, so neither always runs on a warmer or busier machine), and returns both spreads.
 */
export async function alternate(label: string, rounds: number, product: () => Promise<number>, baseline: () => Promise<number>) {
  const figures = { product: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["baseline", "product"] as const) : (["product", "baseline"] as const);
    for (const which of order) figures[which].push(await (which === "product" ? product() : baseline()));
    progress(`${label}: round ${round + 1}/${rounds} — product ${format(figures.product.at(-1)!)}, baseline ${format(figures.baseline.at(-1)!)}`);
  }
  return { product: spreadOf(figures.product), baseline: spreadOf(figures.baseline) };
}

export function format(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const spread = (s: Spread) => (s.runs > 1 ? `${format(s.median)} (${format(s.min)}–${format(s.max)})` : format(s.median));

export function printTable(rows: readonly BenchRow[]): void {
  const header = ["scenario", "db", "unit", "product, median (range)", "baseline", "baseline, median (range)", "ratio", "goal", "met"];
  const lines = rows.map((r) => [
    r.scenario,
    r.database,
    r.unit,
    spread(r.product),
    r.baseline?.name ?? "—",
    r.baseline ? spread(r.baseline.figures) : "—",
    r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}×`,
    r.goal,
    r.met === null ? "—" : r.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(row(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(row(line));
  for (const r of rows.filter((r) => r.note)) console.log(`- ${r.scenario} (${r.database}): ${r.note}`);
}

export function writeJson(file: string, rows: readonly BenchRow[], meta: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
}
