import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireCustomer } from "../utils/auth.server";
import { findCustomerComplaints } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const rows = await findCustomerComplaints(context.services.domain, { customerId: user.id });
  return json({
    complaints: rows.map((c) => ({
      number: c.number,
      category: c.category,
      status: c.status,
      acceptedAt: c.acceptedAt.toISOString(),
      dueAt: c.dueAt.toISOString(),
    })),
  });
}

export default function MyComplaints() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("complaint.list_title")}</h1>
      <p>
        <Link className="button" to="/portal/complaints/new">
          {t("complaint.new_button")}
        </Link>
      </p>
      <section className="card" aria-label={t("complaint.list_title")}>
        {data.complaints.length === 0 ? (
          <p>{t("complaint.list_empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("complaint.number")}</th>
                <th scope="col">{t("complaint.category_label")}</th>
                <th scope="col">{t("complaint.status_label")}</th>
                <th scope="col">{t("complaint.accepted_at")}</th>
                <th scope="col">{t("complaint.due")}</th>
              </tr>
            </thead>
            <tbody>
              {data.complaints.map((c) => (
                <tr key={c.number}>
                  <td>
                    <Link to={`/portal/complaints/${c.number}`}>{c.number}</Link>
                  </td>
                  <td>{t(`complaint.category.${c.category}`)}</td>
                  <td>
                    <span className="status">{t(`complaint.status.${c.status}`)}</span>
                  </td>
                  <td>{formatDateTime(c.acceptedAt, locale)}</td>
                  <td>{formatDateTime(c.dueAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint.list_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
