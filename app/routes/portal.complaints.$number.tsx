import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import type { MessageKey } from "../i18n";
import { requireCustomer } from "../utils/auth.server";
import { getCustomerComplaint } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const DETAIL_FIELDS = ["whatHappened", "whenHappened", "product", "branch", "staffInvolved", "request"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  // Ownership is part of the query: another customer's number is simply not found.
  const view = await orErrorResponse(getCustomerComplaint(context.services.domain, { customerId: user.id, number: params.number ?? "" }));
  return json({
    ...view,
    acceptedAt: view.acceptedAt.toISOString(),
    dueAt: view.dueAt.toISOString(),
    details: DETAIL_FIELDS.flatMap((field) => (view.details[field] ? [{ field, value: view.details[field] }] : [])),
    events: view.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  });
}

export default function CustomerComplaint() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      {searchParams.get("filed") ? (
        <p className="notice" role="status">
          {t("complaint.filed_notice", { number: data.number })}
        </p>
      ) : null}
      <h1>
        {t(`complaint.category.${data.category}`)} · {data.number}
      </h1>
      <section className="card" aria-label={t("complaint.status_label")}>
        <dl className="facts">
          <dt>{t("complaint.number")}</dt>
          <dd>{data.number}</dd>
          <dt>{t("complaint.status_label")}</dt>
          <dd>
            <span className="status">{t(`complaint.status.${data.status}`)}</span>
          </dd>
          <dt>{t("complaint.business_line_label")}</dt>
          <dd>{t(`complaint.business_line.${data.businessLine}`)}</dd>
          <dt>{t("complaint.accepted_at")}</dt>
          <dd>{formatDateTime(data.acceptedAt, locale)}</dd>
          <dt>{t("complaint.due")}</dt>
          <dd>{formatDateTime(data.dueAt, locale)}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("complaint.timeline")}</h2>
        <ol className="timeline">
          {data.events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
              <strong>
                {t(`complaint.event.${event.kind}` as MessageKey, { due: formatDateTime(data.dueAt, locale) })}
              </strong>
              {event.body ? <blockquote>{event.body}</blockquote> : null}
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("complaint.details")}</h2>
        <dl className="facts">
          {data.details.map((row) => (
            <div key={row.field} className="contents">
              <dt>{t(`complaint.field.${row.field}`)}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <p>
        <Link to="/portal/complaints">{t("complaint.list_title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint.list_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
