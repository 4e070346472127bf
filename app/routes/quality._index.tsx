import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { complaintCategories, requestTypes, serviceChannels } from "../../db/schema/enums";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { TrendChart } from "../components/quality-charts";
import { formatFigureValue } from "../components/quality-format";
import { FilterSelect } from "../components/forms";
import type { Translate } from "../i18n";
import { requireStaff } from "../utils/auth.server";
import {
  computeDashboard,
  findDashboardOptions,
  QUALITY_DASHBOARD_ROLES,
  QUALITY_EXPORT_ROLES,
  qualityQueryString,
  resolveQualityQuery,
  qualityTrend,
  weakestAreas,
  WEAKEST_MIN_VOLUME,
} from "../utils/domain.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_DASHBOARD_ROLES);
  const domain = context.services.domain;
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const resolved = resolveQualityQuery(new URL(request.url).searchParams, domain.now());
  const input = { actor, period: resolved.period, previous: resolved.previous, filters: resolved.filters };
  const [figures, weakest, trend, previousTrend, options] = await orErrorResponse(
    Promise.all([
      computeDashboard(domain, input),
      weakestAreas(domain, input),
      qualityTrend(domain, input),
      // The previous period drawn over the current one, day by day (or week by week).
      qualityTrend(domain, { ...input, period: resolved.previous }),
      findDashboardOptions(domain, { actor }),
    ]),
  );
  return json(
    {
      query: resolved.query,
      // The period and filters for the dashboard's links: its exports and the survey answers.
      search: qualityQueryString(resolved.query),
      canExport: viewer.roles.some((r) => QUALITY_EXPORT_ROLES.includes(r)),
      messages: resolved.messages,
      period: { firstDay: resolved.period.firstDay, lastDay: resolved.period.lastDay },
      previous: { firstDay: resolved.previous.firstDay, lastDay: resolved.previous.lastDay },
      figures,
      weakest,
      trend,
      previousTrend: previousTrend.points,
      options,
      minVolume: WEAKEST_MIN_VOLUME,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type FigureRow = Data["figures"][number];

function Basis({ figure, which }: { figure: FigureRow; which: "current" | "previous" }) {
  const t = useT();
  const { counts } = figure[which];
  if (counts.numerator !== undefined) return <>{t("quality.counts.ratio", { numerator: counts.numerator, denominator: counts.denominator })}</>;
  return <>{t(figure.key.startsWith("satisfaction") ? "quality.counts.answers" : "quality.counts.cases", { count: counts.denominator })}</>;
}

function FigureCell({ figure, which }: { figure: FigureRow; which: "current" | "previous" }) {
  const t = useT();
  const { value, counts } = figure[which];
  return (
    <td data-period={which} data-numerator={counts.numerator} data-denominator={counts.denominator}>
      <strong>{value === null ? t("quality.no_data") : formatFigureValue(figure, value, t)}</strong>
      <br />
      <small>
        <Basis figure={figure} which={which} />
      </small>
    </td>
  );
}

function Change({ figure }: { figure: FigureRow }) {
  const t = useT();
  if (figure.change === null) return <td>{t("quality.no_data")}</td>;
  if (figure.change === 0) return <td>0</td>;
  const better = (figure.change > 0) === (figure.better === "higher");
  return (
    <td>
      {formatFigureValue(figure, figure.change, t, true)} <small>({t(better ? "quality.change.better" : "quality.change.worse")})</small>
    </td>
  );
}

/** The figures counted from survey answers: each links to the answers behind it. */
const ANSWER_FIGURES: readonly FigureRow["key"][] = ["satisfaction_average", "satisfaction_top_share", "resolved_rate"];

/** The survey answers of the dashboard's period and filters, narrowed to one area if given. */
function surveysHref(search: string, area: Record<string, string> = {}): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(area)) params.set(key, value);
  return `/quality/surveys?${params}`;
}

function weakValueLabel(area: Data["weakest"][number], t: Translate): string {
  switch (area.dimension) {
    case "complaintCategory":
      return t(`complaint.category.${area.value as (typeof complaintCategories)[number]}`);
    case "requestType":
      return t(`request.type.${area.value as (typeof requestTypes)[number]}`);
    case "channel":
      return t(`complaint_desk.channel.${area.value as (typeof serviceChannels)[number]}`);
    case "agent":
      return area.label ?? area.value;
  }
}

export default function QualityDashboard() {
  const t = useT();
  const { query, search, canExport, messages, period, previous, figures, weakest, trend, previousTrend, options, minVolume } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("quality.dashboard_title")}</h1>
      {messages.map((m) => (
        <p key={m} role="status" className="notice">
          {t(m)}
        </p>
      ))}
      <Form method="get" className="filters card">
        <div className="field">
          <label htmlFor="quality-period">{t("quality.period_label")}</label>
          <select id="quality-period" name="period" defaultValue={query.period}>
            {(["7d", "30d", "90d", "month", "custom"] as const).map((p) => (
              <option key={p} value={p}>
                {t(`quality.period.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="quality-month">{t("quality.month_label")}</label>
          <input id="quality-month" type="month" name="month" defaultValue={query.month ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="quality-from">{t("quality.from_label")}</label>
          <input id="quality-from" type="date" name="from" defaultValue={query.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="quality-to">{t("quality.to_label")}</label>
          <input id="quality-to" type="date" name="to" defaultValue={query.to ?? ""} />
        </div>
        <FilterSelect name="channel" label={t("quality.filter.channel")} value={query.channel} options={serviceChannels.map((v) => ({ value: v, label: t(`complaint_desk.channel.${v}`) }))} />
        <FilterSelect
          name="requestType"
          label={t("quality.filter.requestType")}
          value={query.requestType}
          options={requestTypes.filter((v) => v !== "complaint").map((v) => ({ value: v, label: t(`request.type.${v}`) }))}
        />
        <FilterSelect
          name="complaintCategory"
          label={t("quality.filter.complaintCategory")}
          value={query.complaintCategory}
          options={complaintCategories.map((v) => ({ value: v, label: t(`complaint.category.${v}`) }))}
        />
        <FilterSelect name="agent" label={t("quality.filter.agent")} value={query.agent} options={options.agents.map((a) => ({ value: a.id, label: a.name }))} />
        <FilterSelect name="branch" label={t("quality.filter.branch")} value={query.branch} options={options.branches.map((b) => ({ value: b, label: b }))} />
        <button type="submit" className="primary">
          {t("quality.apply")}
        </button>
      </Form>
      <p>
        {t("quality.showing", { first: period.firstDay, last: period.lastDay, previousFirst: previous.firstDay, previousLast: previous.lastDay })}
      </p>
      {canExport ? (
        <p className="actions">
          <span>{t("quality.kpi_downloads")}</span>
          <a href={`/quality/kpis.csv?${search}`} download>
            {t("quality_review.export_csv")}
          </a>
          <a href={`/quality/kpis.xlsx?${search}`} download>
            {t("quality_review.export_xlsx")}
          </a>
        </p>
      ) : null}

      <section aria-labelledby="quality-figures">
        <h2 id="quality-figures">{t("quality.figures_title")}</h2>
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
                <th scope="row">
                  {t(`quality.figure.${f.key}`)}
                  <details>
                    <summary>{t("quality.definition_summary")}</summary>
                    <small>{t(`quality.definition.${f.key}`)}</small>
                  </details>
                  {ANSWER_FIGURES.includes(f.key) ? (
                    <>
                      <br />
                      <Link to={surveysHref(search)}>{t("quality.see_answers")}</Link>
                    </>
                  ) : null}
                  {f.ignoredFilters.length > 0 ? (
                    <small>{t("quality.ignores", { filters: f.ignoredFilters.map((k) => t(`quality.filter.${k}`)).join(t("quality.list_separator")) })}</small>
                  ) : null}
                </th>
                <FigureCell figure={f} which="current" />
                <FigureCell figure={f} which="previous" />
                <Change figure={f} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="quality-weakest">
        <h2 id="quality-weakest">{t("quality.weak_title")}</h2>
        <p>{t("quality.weak_intro", { min: minVolume })}</p>
        {weakest.length === 0 ? (
          <p>{t("quality.weak_empty")}</p>
        ) : (
          <ul>
            {weakest.map((a) => (
              <li key={`${a.dimension}-${a.value}-${a.reason}`}>
                {t(`quality.dimension.${a.dimension}`)}:{" "}
                <Link to={surveysHref(search, { [a.dimension]: a.value })}>
                  <strong>{weakValueLabel(a, t)}</strong>
                </Link>{" "}
                —{" "}
                {t(a.reason, {
                  score: a.reason === "quality.weak.late" ? `${(a.score * 100).toFixed(0)}%` : a.score.toFixed(1),
                  volume: a.volume,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="quality-trend">
        <h2 id="quality-trend">{t("quality.trend_title")}</h2>
        <TrendChart step={trend.step} points={trend.points} previous={previousTrend} />
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "quality.dashboard_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
