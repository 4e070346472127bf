import { z } from "zod";
import { serviceChannels, surveySubjects } from "../../db/schema/enums";
import { QualityQuerySchema, resolveQualityQuery } from "./quality-filters";

const score = z.coerce.number().int().min(1).max(5);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)));

/**
 * The survey list's filters, read from a plain GET form (the list, its exports and their
 * links share them). An unknown or malformed value is ignored rather than refused: a
 * hand-edited address still shows a list.
 */
export const SurveyFilterSchema = z.object({
  scoreMin: score.optional().catch(undefined),
  scoreMax: score.optional().catch(undefined),
  comment: z.enum(["yes", "no"]).optional().catch(undefined),
  channel: z.enum(serviceChannels).optional().catch(undefined),
  subject: z.enum(surveySubjects).optional().catch(undefined),
  agent: z.uuid().optional().catch(undefined),
  // The dashboard's own filters, read as the dashboard reads them: its links land here.
  ...QualityQuerySchema.pick({ requestType: true, complaintCategory: true, branch: true }).shape,
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});

export type SurveyFilter = z.infer<typeof SurveyFilterSchema>;

/**
 * The filters from a page's query string (the cursor and other parameters left out). A
 * dashboard period (`period` with `month` or `from`/`to`, "7d", …) is resolved by the dashboard's
 * own rules into the days it covers, so the list shows the answers the dashboard counted, and
 * its next pages and exports keep those days even when the clock passes midnight.
 */
export function surveyFilterFrom(params: URLSearchParams, now: Date): SurveyFilter {
  const raw = Object.fromEntries([...params].filter(([, v]) => v !== ""));
  const filter = SurveyFilterSchema.parse(raw);
  if (!raw.period) return filter;
  const { period } = resolveQualityQuery(params, now);
  return { ...filter, from: period.firstDay, to: period.lastDay };
}

/** The query string of a filter, for links to the next page and to the exports. */
export function surveyFilterQuery(filter: SurveyFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") params.set(key, String(value));
  return params.toString();
}

// A period is given in days of China time (UTC+8 all year), as the bank's staff read dates.
export const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
export const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 24 * 60 * 60 * 1000);
