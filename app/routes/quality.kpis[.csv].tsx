import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../utils/auth.server";
import { exportKpis, QUALITY_EXPORT_ROLES, resolveQualityQuery } from "../utils/domain.server";
import { resolveLocale } from "../utils/locale.server";
import { orErrorResponse } from "../utils/responses.server";
import { exportResponse, kpiLabels } from "../utils/survey-export.server";

// The dashboard's KPI table as CSV, for the dashboard's own period and filters (its query string).
export async function loader({ request, context }: LoaderFunctionArgs) {
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
      labels: kpiLabels(locale),
    }),
  );
  return exportResponse(stream, "csv", locale, ctx.now(), "quality_review.kpi_file");
}
