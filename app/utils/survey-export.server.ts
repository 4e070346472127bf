import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator, type Locale } from "../i18n";
import { requireStaff } from "./auth.server";
import { attachmentDisposition } from "./downloads.server";
import {
  exportKpis,
  exportSurveys,
  QUALITY_EXPORT_ROLES,
  resolveQualityQuery,
  surveyFilterFrom,
  type ExportFormat,
  type ExportLabels,
  type KpiLabels,
} from "./domain.server";
import { resolveLocale } from "./locale.server";
import { orErrorResponse } from "./responses.server";

/** The export's words in the reader's language; dates and times in China time, sortable. */
export function exportLabels(locale: Locale): ExportLabels {
  const t = translator(locale);
  const dateTime = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "medium" });
  return {
    header: (column) => t(`quality_review.column.${column}`),
    subject: (subject) => t(`quality_review.subject.${subject}`),
    channel: (channel) => t(`complaint_desk.channel.${channel}`),
    tag: (tag) => t(`quality_review.tag.${tag}`),
    followUp: (status) => t(`quality_review.follow_up_status.${status}`),
    yes: t("quality_review.yes"),
    no: t("quality_review.no"),
    dateTime: (at) => dateTime.format(at),
  };
}

/** The KPI table's words in the reader's language; figure names as the dashboard shows them. */
export function kpiLabels(locale: Locale): KpiLabels {
  const t = translator(locale);
  return {
    header: (column) => t(`quality_review.kpi_column.${column}`),
    figure: (key) => t(`quality.figure.${key}`),
    unit: (unit) => t(`quality_review.kpi_unit.${unit}`),
  };
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A streamed export as a download: saved, not shown, never cached (it holds customers' comments). */
export function exportResponse(
  stream: ReadableStream<Uint8Array>,
  format: ExportFormat,
  locale: Locale,
  now: Date,
  name: "quality_review.export_file" | "quality_review.kpi_file" = "quality_review.export_file",
): Response {
  const day = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(now);
  return new Response(stream, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": attachmentDisposition(`${translator(locale)(name)}-${day}.${format}`),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/** The survey list as a download, with the list's own filters (its query string); streamed as it is read. */
export async function surveyExportResponse({ request, context }: LoaderFunctionArgs, format: ExportFormat): Promise<Response> {
  const viewer = await requireStaff(request, context, QUALITY_EXPORT_ROLES);
  const locale = await resolveLocale(request, viewer.user.locale);
  const ctx = context.services.domain;
  const filter = surveyFilterFrom(new URL(request.url).searchParams, ctx.now());
  const stream = await orErrorResponse(
    exportSurveys(ctx, { actor: { userId: viewer.user.id, roles: viewer.roles }, filter, format, labels: exportLabels(locale) }),
  );
  return exportResponse(stream, format, locale, ctx.now());
}

/** The dashboard's KPI table as a download, for the period and filters in the address (the dashboard's own). */
export async function kpiExportResponse({ request, context }: LoaderFunctionArgs, format: ExportFormat): Promise<Response> {
  const viewer = await requireStaff(request, context, QUALITY_EXPORT_ROLES);
  const locale = await resolveLocale(request, viewer.user.locale);
  const ctx = context.services.domain;
  const resolved = resolveQualityQuery(new URL(request.url).searchParams, ctx.now());
  const stream = await orErrorResponse(
    exportKpis(ctx, {
      actor: { userId: viewer.user.id, roles: viewer.roles },
      period: resolved.period,
      previous: resolved.previous,
      filters: resolved.filters,
      format,
      labels: kpiLabels(locale),
    }),
  );
  return exportResponse(stream, format, locale, ctx.now(), "quality_review.kpi_file");
}
