/**
 * The bot's own computation for one message (language, intent ranking, answer from the approved
 * knowledge), in this process, over the held-out questions, beside jieba cutting the same text
 * (the floor: the bot segments every Chinese question once).
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { answer, warmUp } from "../../bot/answer";
import { readEvalSet } from "../../bot/eval";
import { APPROVED } from "../../bot/knowledge";
import { alternate, type BenchRow } from "../lib/report";
import type { BenchSettings } from "../lib/settings";
import { percentile } from "../lib/stats";

const GOAL_MS = 5;

/** p99 in milliseconds of `work` over every question, `passes` times over. */
function p99Of(questions: readonly string[], passes: number, work: (text: string) => unknown): number {
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const text of questions) {
      const started = performance.now();
      work(text);
      times.push(performance.now() - started);
    }
  }
  return percentile(times.sort((a, b) => a - b), 99);
}

export async function benchBot(_kind: unknown, settings: BenchSettings): Promise<BenchRow[]> {
  const questions = readEvalSet().map((u) => u.text);
  warmUp();
  const jieba = Jieba.withDict(dict);
  const passes = Math.max(5, settings.seconds);
  const figures = await alternate(
    "bot answer vs jieba cut",
    settings.rounds,
    async () => p99Of(questions, passes, (text) => answer(text, APPROVED)),
    async () => p99Of(questions, passes, (text) => jieba.cut(text, false)),
  );
  return [
    {
      scenario: `bot intent + answer, ${questions.length} held-out questions (zh/en)`,
      database: "—",
      unit: "p99 ms",
      product: figures.product,
      baseline: { name: "jieba cut", figures: figures.baseline },
      ratio: figures.product.median / figures.baseline.median,
      goal: `p99 < ${GOAL_MS} ms`,
      met: figures.product.median < GOAL_MS,
    },
  ];
}
