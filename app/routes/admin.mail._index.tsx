import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { findCaughtMail } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  // Built here, not at module level, so the browser bundle of this page carries no zod.
  // A page number that is missing or nonsense shows the newest mail rather than an error.
  const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? undefined);
  const { messages, hasMore } = await findCaughtMail(context.services.domain.db, { page, pageSize: PAGE_SIZE });
  return json({
    page,
    hasMore,
    messages: messages.map((m) => ({ id: m.id, receivedAt: m.receivedAt.toISOString(), to: m.toAddress, subject: m.subject })),
  });
}

export default function CaughtMailList() {
  const t = useT();
  const locale = useLocale();
  const { messages, page, hasMore } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("mail.title")}</h1>
      <p>{t("mail.intro")}</p>
      {messages.length === 0 ? (
        <p>{t("mail.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("mail.received_at")}</th>
              <th scope="col">{t("mail.to")}</th>
              <th scope="col">{t("mail.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{formatDateTime(m.receivedAt, locale)}</td>
                <td>{m.to}</td>
                <td>
                  <Link to={`/admin/mail/${m.id}`}>{m.subject || t("mail.no_subject")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page > 1 || hasMore ? (
        <nav aria-label={t("mail.pagination")} className="actions">
          {page > 1 ? <Link to={`?page=${page - 1}`}>{t("mail.newer")}</Link> : null}
          <span>{t("mail.page", { page })}</span>
          {hasMore ? <Link to={`?page=${page + 1}`}>{t("mail.older")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "mail.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
