import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { findPrivacyQueue, PRIVACY_DESK_ROLES } from "../utils/domain.server";
import { formatDate, formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, PRIVACY_DESK_ROLES);
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const ctx = context.services.domain;
  const iso = (rows: Awaited<ReturnType<typeof findPrivacyQueue>>) =>
    rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString(), dueAt: r.dueAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, closedAt: r.closedAt?.toISOString() ?? null }));
  return json(
    {
      open: iso(await findPrivacyQueue(ctx, { actor, open: true })),
      closed: iso(await findPrivacyQueue(ctx, { actor, open: false })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

function RequestTable({ rows, closed }: { rows: ReturnType<typeof useLoaderData<typeof loader>>["open"]; closed: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (rows.length === 0) return <p>{t("privacy.desk.empty")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("privacy.number")}</th>
          <th scope="col">{t("privacy.desk.customer")}</th>
          <th scope="col">{t("privacy.status_label")}</th>
          <th scope="col">{t("privacy.received")}</th>
          <th scope="col">{closed ? t("privacy.closed") : t("privacy.due")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.number}>
            <td>
              <Link to={`/desk/privacy/${r.number}`}>{r.number}</Link>
            </td>
            <td>{r.customer}</td>
            <td>
              <span className="status">{t(`privacy.status.${r.status}`)}</span>
            </td>
            <td>{formatDateTime(r.receivedAt, locale)}</td>
            <td>{closed ? (r.closedAt ? formatDateTime(r.closedAt, locale) : "—") : formatDate(r.dueAt, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function PrivacyQueue() {
  const t = useT();
  const { open, closed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("privacy.desk.title")}</h1>
      <section aria-labelledby="privacy-open-title">
        <h2 id="privacy-open-title">{t("privacy.desk.open")}</h2>
        <RequestTable rows={open} closed={false} />
      </section>
      <section aria-labelledby="privacy-closed-title">
        <h2 id="privacy-closed-title">{t("privacy.desk.closed_list")}</h2>
        <RequestTable rows={closed} closed />
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "privacy.desk.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
