import { z } from "zod";
import type { Executor } from "../../db/client";
import type { DomainContext } from "../context";
import { readSetting, writeSetting } from "../settings/stored-settings";

const KEY = "surveys";

export interface SurveySettings {
  /** Days a survey link stays valid. */
  expiryDays: number;
}

export const DEFAULT_SURVEY_EXPIRY_DAYS = 14;

export async function getSurveySettings(executor: Executor): Promise<SurveySettings> {
  const stored = await readSetting<SurveySettings>(executor, KEY);
  return { expiryDays: stored.expiryDays ?? DEFAULT_SURVEY_EXPIRY_DAYS };
}

export const SurveySettingsSchema = z.object({
  expiryDays: z.coerce.number({ error: "settings.survey_expiry_invalid" }).int("settings.survey_expiry_invalid").min(1, "settings.survey_expiry_invalid").max(90, "settings.survey_expiry_invalid"),
});

/** Applies to surveys sent from now on: a link already sent keeps its expiry. */
export async function updateSurveySettings(ctx: DomainContext, input: SurveySettings & { actorId: string }): Promise<void> {
  const { actorId, ...value } = input;
  await writeSetting(ctx, { key: KEY, actorId, action: "settings.surveys_changed", value, read: getSurveySettings });
}
