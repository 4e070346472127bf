import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { complaintCategories, requestTypes, serviceChannels, surveySubjects } from "../../db/schema/enums";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { PageLinks } from "../components/page-links";
import { FilterSelect } from "../components/forms";
import { QualityNav } from "../components/quality-nav";
import { requireStaff } from "../utils/auth.server";
import {
  decodeCursor,
  findDashboardOptions,
  findQualitySurveys,
  findSurveyAgents,
  QUALITY_EXPORT_ROLES,
  QUALITY_READ_ROLES,
  surveyFilterFrom,
  surveyFilterQuery,
} from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_READ_ROLES);
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const params = new URL(request.url).searchParams;
  const ctx = context.services.domain;
  const filter = surveyFilterFrom(params, ctx.now());
  const after = decodeCursor(params.get("after"));
  const page = await orErrorResponse(findQualitySurveys(ctx, { actor, filter, after }));
  return json(
    {
      filter,
      query: surveyFilterQuery(filter),
      paged: after !== null,
      next: page.next,
      rows: page.rows.map((r) => ({ ...r, answeredAt: r.answeredAt.toISOString() })),
      agents: await findSurveyAgents(ctx, { actor }),
      branches: (await findDashboardOptions(ctx, { actor })).branches,
      canExport: viewer.roles.some((r) => QUALITY_EXPORT_ROLES.includes(r)),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}


export default function SurveyAnswers() {
  const t = useT();
  const locale = useLocale();
  const { filter, query, paged, next, rows, agents, branches, canExport } = useLoaderData<typeof loader>();
  const scores = ["1", "2", "3", "4", "5"].map((s) => ({ value: s, label: s }));
  const withQuery = (path: string) => (query ? `${path}?${query}` : path);
  return (
    <>
      <QualityNav />
      <h1>{t("quality_review.surveys_title")}</h1>
      <p>{t("quality_review.surveys_intro")}</p>
      <Form method="get" className="filters card" aria-label={t("quality_review.filters")}>
        <FilterSelect name="scoreMin" label={t("quality_review.filter.score_min")} value={filter.scoreMin} options={scores} />
        <FilterSelect name="scoreMax" label={t("quality_review.filter.score_max")} value={filter.scoreMax} options={scores} />
        <FilterSelect
          name="comment"
          label={t("quality_review.filter.comment")}
          value={filter.comment}
          options={[
            { value: "yes", label: t("quality_review.filter.comment_yes") },
            { value: "no", label: t("quality_review.filter.comment_no") },
          ]}
        />
        <FilterSelect name="channel" label={t("quality_review.filter.channel")} value={filter.channel} options={serviceChannels.map((c) => ({ value: c, label: t(`complaint_desk.channel.${c}`) }))} />
        <FilterSelect name="subject" label={t("quality_review.filter.subject")} value={filter.subject} options={surveySubjects.map((s) => ({ value: s, label: t(`quality_review.subject.${s}`) }))} />
        <FilterSelect name="agent" label={t("quality_review.filter.agent")} value={filter.agent} options={agents.map((a) => ({ value: a.id, label: a.name }))} />
        <FilterSelect
          name="requestType"
          label={t("quality.filter.requestType")}
          value={filter.requestType}
          options={requestTypes.filter((v) => v !== "complaint").map((v) => ({ value: v, label: t(`request.type.${v}`) }))}
        />
        <FilterSelect
          name="complaintCategory"
          label={t("quality.filter.complaintCategory")}
          value={filter.complaintCategory}
          options={complaintCategories.map((v) => ({ value: v, label: t(`complaint.category.${v}`) }))}
        />
        <FilterSelect name="branch" label={t("quality.filter.branch")} value={filter.branch} options={branches.map((b) => ({ value: b, label: b }))} />
        <div className="field">
          <label htmlFor="filter-from">{t("quality_review.filter.from")}</label>
          <input id="filter-from" type="date" name="from" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("quality_review.filter.to")}</label>
          <input id="filter-to" type="date" name="to" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit" className="primary">
          {t("quality_review.filter.apply")}
        </button>
        <Link to="/quality/surveys">{t("quality_review.filter.clear")}</Link>
      </Form>
      {canExport ? (
        <p className="actions">
          <span>{t("quality_review.exports")}:</span>
          <a href={withQuery("/quality/surveys.csv")} download>
            {t("quality_review.export_csv")}
          </a>
          <a href={withQuery("/quality/surveys.xlsx")} download>
            {t("quality_review.export_xlsx")}
          </a>
          <a href="/quality/kpis.csv" download>
            {t("quality_review.kpi_export")}
          </a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("quality_review.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("quality_review.column.answeredAt")}</th>
              <th scope="col">{t("quality_review.column.subject")}</th>
              <th scope="col">{t("quality_review.column.channel")}</th>
              <th scope="col">{t("quality_review.column.agent")}</th>
              <th scope="col">{t("quality_review.column.score")}</th>
              <th scope="col">{t("quality_review.column.resolved")}</th>
              <th scope="col">{t("quality_review.column.hasComment")}</th>
              <th scope="col">{t("quality_review.column.tags")}</th>
              <th scope="col">{t("quality_review.column.followUp")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/quality/surveys/${r.id}`}>{formatDateTime(r.answeredAt, locale)}</Link>
                </td>
                <td>
                  {t(`quality_review.subject.${r.subjectType}`)}
                  {r.number ? ` ${r.number}` : null}
                </td>
                <td>{t(`complaint_desk.channel.${r.channel}`)}</td>
                <td>{r.agentName ?? t("quality_review.none")}</td>
                <td>{r.rating}</td>
                <td>{r.resolved === null ? t("quality_review.not_asked") : r.resolved ? t("quality_review.yes") : t("quality_review.no")}</td>
                <td>{r.hasComment ? t("quality_review.yes") : t("quality_review.no")}</td>
                <td>{r.tags.length > 0 ? r.tags.map((tag) => t(`quality_review.tag.${tag}`)).join(", ") : t("quality_review.none")}</td>
                <td>{r.followUpStatus ? t(`quality_review.follow_up_status.${r.followUpStatus}`) : t("quality_review.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks path="/quality/surveys" query={query} paged={paged} next={next} firstLabel={t("quality_review.first_page")} nextLabel={t("quality_review.next_page")} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "quality_review.surveys_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
