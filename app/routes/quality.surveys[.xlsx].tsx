import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "../utils/auth.server";
import { exportSurveys, QUALITY_EXPORT_ROLES, surveyFilterFrom } from "../utils/domain.server";
import { resolveLocale } from "../utils/locale.server";
import { orErrorResponse } from "../utils/responses.server";
import { exportLabels, exportResponse } from "../utils/survey-export.server";

// The survey list as an Excel workbook (XLSX), with the list's own filters; streamed as it is read.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_EXPORT_ROLES);
  const locale = await resolveLocale(request, viewer.user.locale);
  const ctx = context.services.domain;
  const filter = surveyFilterFrom(new URL(request.url).searchParams, ctx.now());
  const stream = await orErrorResponse(
    exportSurveys(ctx, { actor: { userId: viewer.user.id, roles: viewer.roles }, filter, format: "xlsx", labels: exportLabels(locale) }),
  );
  return exportResponse(stream, "xlsx", locale, ctx.now());
}
