import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { QualityNav } from "../components/quality-nav";
import { COMPLAINT_TABLES, ComplaintTable, describeWeakArea, formatReportChange, formatReportFigure, ReportTrendChart } from "../components/quality-report";
import { requireStaff } from "../utils/auth.server";
import {
  getMonthlyReport,
  QUALITY_EXPORT_ROLES,
  QUALITY_READ_ROLES,
  REPORT_ACTIONS_LIMIT,
  resolveReportMonth,
  WEAKEST_MIN_VOLUME,
} from "../utils/domain.server";
import { formatDate, formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";
import styles from "../styles/quality-report.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_READ_ROLES);
  const ctx = context.services.domain;
  const params = new URL(request.url).searchParams;
  const { month, invalid } = resolveReportMonth(params.get("month"), ctx.now());
  const report = await orErrorResponse(getMonthlyReport(ctx, { actor: { userId: viewer.user.id, roles: viewer.roles }, month }));
  return json(
    {
      report,
      monthInvalid: invalid,
      // Set by the PDF download when the server has no font for Chinese.
      pdfUnavailable: params.get("pdf") === "unavailable",
      canExport: viewer.roles.some((r) => QUALITY_EXPORT_ROLES.includes(r)),
      minVolume: WEAKEST_MIN_VOLUME,
      actionsLimit: REPORT_ACTIONS_LIMIT,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function QualityReport() {
  const t = useT();
  const locale = useLocale();
  const { report, monthInvalid, pdfUnavailable, canExport, minVolume, actionsLimit } = useLoaderData<typeof loader>();
  const { period, previous, figures, complaints, weakest, followUps } = report;
  return (
    <>
      <div className="report-tools">
        <QualityNav />
        {monthInvalid ? (
          <p role="status" className="notice">
            {t("quality.report.month_invalid")}
          </p>
        ) : null}
        {pdfUnavailable ? (
          <p role="alert" className="notice">
            {t("quality.report.pdf_unavailable")}
          </p>
        ) : null}
        <Form method="get" className="filters card">
          <div className="field">
            <label htmlFor="report-month">{t("quality.report.month_label")}</label>
            <input id="report-month" type="month" name="month" defaultValue={report.month} required />
          </div>
          <button type="submit" className="primary">
            {t("quality.report.show")}
          </button>
        </Form>
        <p>
          {canExport ? (
            <>
              <a href={`/quality/report.pdf?month=${report.month}`} download>
                {t("quality.report.download_pdf")}
              </a>{" "}
            </>
          ) : null}
          <small>{t("quality.report.print_hint")}</small>
        </p>
      </div>

      <h1>{t("quality.report.heading", { month: report.month })}</h1>
      <p>
        {t("quality.report.period", {
          first: period.firstDay,
          last: period.lastDay,
          previousFirst: previous.firstDay,
          previousLast: previous.lastDay,
          generatedAt: formatDateTime(report.generatedAt, locale),
        })}
      </p>

      <section className="report-section" aria-labelledby="report-kpis">
        <h2 id="report-kpis">{t("quality.report.kpi_title")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("quality.col.figure")}</th>
              <th scope="col">{t("quality.col.current")}</th>
              <th scope="col">{t("quality.col.previous")}</th>
              <th scope="col">{t("quality.col.change")}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.key} data-figure={f.key}>
                <th scope="row">{t(`quality.figure.${f.key}`)}</th>
                <td data-period="current" data-numerator={f.current.counts.numerator} data-denominator={f.current.counts.denominator}>
                  {formatReportFigure(f, "current", t)}
                </td>
                <td data-period="previous">{formatReportFigure(f, "previous", t)}</td>
                <td>{formatReportChange(f, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="report-section" aria-labelledby="report-trend">
        <h2 id="report-trend">{t("quality.trend_title")}</h2>
        <ReportTrendChart points={report.trend.points} />
      </section>

      <section className="report-section" aria-labelledby="report-complaints">
        <h2 id="report-complaints">{t("quality.report.complaints_title")}</h2>
        <p>{t("quality.report.complaints_intro")}</p>
        {complaints.total.received === 0 ? <p>{t("quality.report.complaints_empty")}</p> : null}
        {COMPLAINT_TABLES.map((d) => (
          <ComplaintTable key={d} dimension={d} rows={complaints[d]} total={complaints.total} />
        ))}
      </section>

      <section className="report-section" aria-labelledby="report-weakest">
        <h2 id="report-weakest">{t("quality.weak_title")}</h2>
        <p>
          {t("quality.weak_intro", { min: minVolume })} {t("quality.report.weak_note")}
        </p>
        {weakest.length === 0 ? (
          <p>{t("quality.weak_empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("quality.report.col.dimension")}</th>
                <th scope="col">{t("quality.report.col.area")}</th>
                <th scope="col">{t("quality.report.col.why")}</th>
              </tr>
            </thead>
            <tbody>
              {weakest.map((a) => {
                const row = describeWeakArea(a, t);
                return (
                  <tr key={`${a.dimension}-${a.value}-${a.reason}`}>
                    <td>{row.kind}</td>
                    <th scope="row">{row.name}</th>
                    <td>{row.why}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="report-section" aria-labelledby="report-follow-ups">
        <h2 id="report-follow-ups">{t("quality.report.follow_ups_title")}</h2>
        <p data-testid="follow-up-counts">
          {t("quality.report.follow_ups_counts", { opened: followUps.opened, closed: followUps.closed, open: followUps.openAtEnd })}
        </p>
        {followUps.actions.length === 0 ? (
          <p>{t("quality.report.actions_empty")}</p>
        ) : (
          <>
            {followUps.closed > followUps.actions.length ? <p>{t("quality.report.actions_limited", { limit: actionsLimit, count: followUps.closed })}</p> : null}
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("quality.report.col.closed_at")}</th>
                  <th scope="col">{t("quality.report.col.subject")}</th>
                  <th scope="col">{t("quality.report.col.rating")}</th>
                  <th scope="col">{t("quality.report.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {followUps.actions.map((a, i) => (
                  <tr key={i}>
                    <td>{formatDate(a.closedAt, locale)}</td>
                    <td>{t(`quality_review.subject.${a.subjectType}`)}</td>
                    <td>{a.rating}</td>
                    <td className="report-action">{a.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "quality.report.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
