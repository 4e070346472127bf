import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { getMonthlyReport, type MonthlyReport } from "./get-monthly-report";
import { QUALITY_EXPORT_ROLES } from "./quality-access";

/**
 * The monthly report as a file, laid out by the web layer (`render`: the reader's language and the
 * page layout are its business). Exported by those who export the other quality figures, and
 * audited like every export, with the month only.
 */
export async function exportMonthlyReport<File>(
  ctx: DomainContext,
  input: { actor: StaffActor; month: string; format: "pdf"; render: (report: MonthlyReport) => Promise<File> },
): Promise<File> {
  requireAnyRole(input.actor, QUALITY_EXPORT_ROLES);
  const report = await getMonthlyReport(ctx, input);
  const file = await input.render(report);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: input.actor.userId,
      action: "quality.exported",
      objectType: "quality_report",
      objectId: report.month,
      after: { format: input.format, month: report.month },
    }),
  );
  return file;
}
