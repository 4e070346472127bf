import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { answer } from "./answer";
import { APPROVED } from "./knowledge";
import { INTENTS, type Intent } from "./nlu/intents";
import { type Language } from "../domain/conversations/language";

/**
 * Accuracy per intent on the held-out set in tests/bot, and latency per message. A report:
 * it always exits 0, the unit tests hold the floor.
 */
export interface LabelledUtterance {
  text: string;
  intent: Intent;
  language: Language;
}

export function readEvalSet(path = new URL("../tests/bot/eval-set.jsonl", import.meta.url)): LabelledUtterance[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledUtterance);
}

const pct = (n: number, of: number) => (of === 0 ? "-" : `${((100 * n) / of).toFixed(1)}%`);

function main() {
  const set = readEvalSet();
  // Warm up: jieba's dictionary and the model are built on first use, and the JIT settles; a
  // server answers many messages with one process, so the steady state is what a message costs.
  const coldStart = performance.now();
  answer("你好", APPROVED);
  const coldMs = performance.now() - coldStart;
  for (const item of set) answer(item.text, APPROVED);

  const tally = new Map<Intent, Record<Language, { n: number; ok: number }>>();
  for (const intent of INTENTS) tally.set(intent, { zh: { n: 0, ok: 0 }, en: { n: 0, ok: 0 } });
  const times: number[] = [];
  const misses: string[] = [];
  let languageOk = 0;
  let unsure = 0;
  let confidentlyWrong = 0;

  for (const item of set) {
    const start = performance.now();
    const result = answer(item.text, APPROVED);
    times.push(performance.now() - start);
    const cell = tally.get(item.intent)![item.language];
    cell.n++;
    if (result.intent === item.intent) cell.ok++;
    else misses.push(`  [${item.language}] ${item.text}  →  ${result.intent} (${result.confidence}), expected ${item.intent}`);
    if (result.language === item.language) languageOk++;
    if (result.kind === "unsure" || result.kind === "agent_only") unsure++;
    else if (result.intent !== item.intent) confidentlyWrong++;
  }

  const rows = INTENTS.map((intent) => {
    const { zh, en } = tally.get(intent)!;
    return { intent, zh: pct(zh.ok, zh.n), en: pct(en.ok, en.n), all: pct(zh.ok + en.ok, zh.n + en.n), n: zh.n + en.n, rate: (zh.ok + en.ok) / (zh.n + en.n || 1) };
  });
  const ok = rows.reduce((s, r) => s + Math.round(r.rate * r.n), 0);
  const worst = [...rows].sort((a, b) => a.rate - b.rate)[0]!;

  console.log(`intent              zh       en       all      n`);
  for (const r of rows) console.log(`${r.intent.padEnd(20)}${r.zh.padEnd(9)}${r.en.padEnd(9)}${r.all.padEnd(9)}${r.n}`);
  console.log();
  console.log(`overall accuracy   ${pct(ok, set.length)} (${ok}/${set.length})`);
  console.log(`worst intent       ${worst.intent} ${pct(worst.rate * worst.n, worst.n)}`);
  console.log(`language detection ${pct(languageOk, set.length)}`);
  console.log(`"not sure"/agent   ${pct(unsure, set.length)}`);
  // The costly mistake: another topic's answer given as if it were the right one.
  console.log(`confidently wrong  ${pct(confidentlyWrong, set.length)} (${confidentlyWrong})`);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(`latency per message median ${at(0.5)} ms, p99 ${at(0.99)} ms (first message ${coldMs.toFixed(0)} ms: loads the dictionary, builds the model)`);
  if (misses.length) console.log(`\nmisses:\n${misses.join("\n")}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
