import { type Label } from "./intents";
import { type Language } from "../../domain/conversations/language";
import { features } from "./tokenize";

export interface Example {
  text: string;
  intent: Label;
}

export interface Scored {
  intent: Label;
  score: number;
}

type Vector = Map<string, number>;

interface LanguageModel {
  idf: Map<string, number>;
  examples: { intent: Label; vector: Vector }[];
  centroids: Map<Label, Vector>;
}

function termCounts(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function weigh(counts: Map<string, number>, idf: Map<string, number>): Vector {
  const v: Vector = new Map();
  let norm = 0;
  for (const [term, tf] of counts) {
    const w = idf.get(term);
    // Terms never seen in training say nothing about an intent.
    if (w === undefined) continue;
    const x = (1 + Math.log(tf)) * w;
    v.set(term, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [t, x] of small) {
    const y = large.get(t);
    if (y !== undefined) sum += x * y;
  }
  return sum;
}

function buildModel(examples: Example[], language: Language): LanguageModel {
  const docs = examples.map((e) => ({ intent: e.intent, counts: termCounts(features(e.text, language)) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log(1 + docs.length / n));
  const vectors = docs.map((d) => ({ intent: d.intent, vector: weigh(d.counts, idf) }));
  const sums = new Map<Label, Vector>();
  for (const { intent, vector } of vectors) {
    const sum = sums.get(intent) ?? new Map<string, number>();
    for (const [t, x] of vector) sum.set(t, (sum.get(t) ?? 0) + x);
    sums.set(intent, sum);
  }
  const centroids = new Map<Label, Vector>();
  for (const [intent, sum] of sums) {
    const norm = Math.sqrt([...sum.values()].reduce((s, x) => s + x * x, 0));
    centroids.set(intent, new Map([...sum].map(([t, x]) => [t, x / norm])));
  }
  return { idf, examples: vectors, centroids };
}

/**
 * TF-IDF nearest neighbours, one model per language: an intent scores by its closest training
 * example blended with its centroid, so one lucky overlap does not outweigh a whole intent.
 * Deterministic, in-process, built once from the examples in the source.
 */
export class IntentClassifier {
  private readonly models: Record<Language, LanguageModel>;

  constructor(training: Record<Language, Example[]>) {
    this.models = { zh: buildModel(training.zh, "zh"), en: buildModel(training.en, "en") };
  }

  /** Every intent with a score in [0, 1], best first. */
  rank(text: string, language: Language): Scored[] {
    const model = this.models[language];
    const query = weigh(termCounts(features(text, language)), model.idf);
    const nearest = new Map<Label, number>();
    for (const { intent, vector } of model.examples) {
      const s = cosine(query, vector);
      if (s > (nearest.get(intent) ?? 0)) nearest.set(intent, s);
    }
    const scored: Scored[] = [];
    for (const [intent, centroid] of model.centroids) {
      scored.push({ intent, score: 0.65 * (nearest.get(intent) ?? 0) + 0.35 * cosine(query, centroid) });
    }
    return scored.sort((a, b) => b.score - a.score || a.intent.localeCompare(b.intent));
  }
}
