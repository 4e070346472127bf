import { z } from "zod";
import type { Executor } from "../../db/client";
import type { DomainContext } from "../context";
import { readSetting, writeSetting } from "../settings/stored-settings";
import { CONFIRMATION_DAYS } from "./complaint-deadlines";

const KEY = "complaints";

export interface ComplaintSettings {
  /** Days a customer has to answer a resolution before silence counts as accepting it. */
  confirmationDays: number;
  /** Years an archived complaint is kept. */
  retentionYears: number;
}

export const DEFAULT_RETENTION_YEARS = 5;

export async function getComplaintSettings(executor: Executor): Promise<ComplaintSettings> {
  const stored = await readSetting<ComplaintSettings>(executor, KEY);
  return {
    confirmationDays: stored.confirmationDays ?? CONFIRMATION_DAYS,
    retentionYears: stored.retentionYears ?? DEFAULT_RETENTION_YEARS,
  };
}

export const ComplaintSettingsSchema = z.object({
  confirmationDays: z.coerce.number({ error: "settings.confirmation_days_invalid" }).int("settings.confirmation_days_invalid").min(1, "settings.confirmation_days_invalid").max(30, "settings.confirmation_days_invalid"),
  retentionYears: z.coerce.number({ error: "settings.retention_years_invalid" }).int("settings.retention_years_invalid").min(1, "settings.retention_years_invalid").max(30, "settings.retention_years_invalid"),
});

/** Applies to resolutions sent and complaints archived from now on. */
export async function updateComplaintSettings(ctx: DomainContext, input: ComplaintSettings & { actorId: string }): Promise<void> {
  const { actorId, ...value } = input;
  await writeSetting(ctx, { key: KEY, actorId, action: "settings.complaints_changed", value, read: getComplaintSettings });
}
