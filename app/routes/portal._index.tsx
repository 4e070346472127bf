import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/request-parts";
import { PageLinks } from "../components/page-links";
import { requireCustomer } from "../utils/auth.server";
import { findCustomerRequestPage, findPendingSurveys, maskEmail, maskMobile, REQUEST_NUMBER } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const ctx = context.services.domain;
  const mobile = user.mobileEnc ? ctx.cipher.decrypt(user.mobileEnc) : "";
  // A page starts after the request with this number (keyset); anything else is the first page.
  const asked = new URL(request.url).searchParams.get("after") ?? "";
  const after = REQUEST_NUMBER.test(asked) ? asked : null;
  const { rows, next } = await findCustomerRequestPage(ctx, { customerId: user.id, after });
  const pendingSurveys = (await findPendingSurveys(ctx, { customerId: user.id })).length;
  // Masked even for the owner: a screen over the shoulder shows nothing usable.
  return json({
    name: user.name,
    mobile: maskMobile(mobile),
    email: maskEmail(user.email),
    pendingSurveys,
    paged: after !== null,
    next,
    requests: rows.map((r) => ({
      number: r.number,
      type: r.type,
      status: r.status,
      submittedAt: r.submittedAt.toISOString(),
      dueAt: r.dueAt?.toISOString() ?? null,
    })),
  });
}

export default function Portal() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("portal.welcome", { name: data.name })}</h1>
      <p>{t("portal.intro")}</p>
      <p>
        <Link className="button" to="/portal/requests/new">
          {t("request.new_button")}
        </Link>{" "}
        <Link className="button secondary" to="/portal/complaints/new">
          {t("complaint.new_button")}
        </Link>{" "}
        <Link to="/portal/complaints">{t("complaint.list_title")}</Link>
      </p>
      {data.pendingSurveys > 0 ? (
        <p className="notice">
          <Link to="/portal/surveys">{t("survey.pending_link", { count: data.pendingSurveys })}</Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="requests-title">
        <h2 id="requests-title">{t("request.list_title")}</h2>
        {data.requests.length === 0 ? (
          data.paged ? null : <p>{t("request.list_empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("request.number")}</th>
                <th scope="col">{t("desk.filter_type")}</th>
                <th scope="col">{t("request.status")}</th>
                <th scope="col">{t("request.submitted_at")}</th>
                <th scope="col">{t("request.due")}</th>
              </tr>
            </thead>
            <tbody>
              {data.requests.map((r) => (
                <tr key={r.number}>
                  <td>
                    <Link to={`/portal/requests/${r.number}`}>{r.number}</Link>
                  </td>
                  <td>{t(`request.type.${r.type}`)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{formatDateTime(r.submittedAt, locale)}</td>
                  <td>{r.dueAt ? formatDateTime(r.dueAt, locale) : t("request.due_pending")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <PageLinks path="/portal" query="" paged={data.paged} next={data.next} firstLabel={t("request.list_first_page")} nextLabel={t("request.list_next_page")} />
      </section>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("portal.profile")}</h2>
        <dl className="facts">
          <dt>{t("portal.email")}</dt>
          <dd>{data.email}</dd>
          <dt>{t("portal.mobile")}</dt>
          <dd>{data.mobile}</dd>
        </dl>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "portal.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
