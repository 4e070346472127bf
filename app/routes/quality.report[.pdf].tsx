import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { translator } from "../i18n";
import { requireStaff } from "../utils/auth.server";
import { exportMonthlyReport, QUALITY_EXPORT_ROLES, resolveReportMonth } from "../utils/domain.server";
import { fileDownload } from "../utils/downloads.server";
import { resolveLocale } from "../utils/locale.server";
import { loadReportFont, renderReportPdf } from "../utils/report-pdf.server";
import { orErrorResponse } from "../utils/responses.server";

// The monthly report as a PDF, in the reader's language. A bad month, or a server without a font
// for Chinese, sends the reader back to the report page, which says so in their language.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_EXPORT_ROLES);
  const locale = await resolveLocale(request, viewer.user.locale);
  const ctx = context.services.domain;
  const asked = new URL(request.url).searchParams.get("month");
  const { month, invalid } = resolveReportMonth(asked, ctx.now());
  if (invalid) throw redirect(`/quality/report?${new URLSearchParams({ month: asked ?? "" })}`);
  const font = await loadReportFont(context.services.env.REPORT_FONT_PATH);
  if (!font) {
    context.logger.error({ path: context.services.env.REPORT_FONT_PATH }, "no font with Chinese characters for the report PDF");
    throw redirect(`/quality/report?${new URLSearchParams({ month, pdf: "unavailable" })}`);
  }
  const bytes = await orErrorResponse(
    exportMonthlyReport(ctx, {
      actor: { userId: viewer.user.id, roles: viewer.roles },
      month,
      format: "pdf",
      render: (report) => renderReportPdf(report, { locale, font }),
    }),
  );
  return fileDownload({ contentType: "application/pdf", fileName: `${translator(locale)("quality.report.pdf_file")}-${month}.pdf` }, bytes);
}
