import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { getCaughtMail } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { notFound } from "../utils/responses.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const message = await getCaughtMail(context.services.domain.db, params.id ?? "");
  if (!message) throw notFound();
  return json({
    receivedAt: message.receivedAt.toISOString(),
    messageId: message.messageId,
    from: message.fromAddress,
    to: message.toAddress,
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
  });
}

export default function CaughtMailMessage() {
  const t = useT();
  const locale = useLocale();
  const message = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin/mail">{t("mail.back")}</Link>
      </p>
      <h1>{message.subject || t("mail.no_subject")}</h1>
      <table>
        <tbody>
          <tr>
            <th scope="row">{t("mail.received_at")}</th>
            <td>{formatDateTime(message.receivedAt, locale)}</td>
          </tr>
          <tr>
            <th scope="row">{t("mail.from")}</th>
            <td>{message.from}</td>
          </tr>
          <tr>
            <th scope="row">{t("mail.to")}</th>
            <td>{message.to}</td>
          </tr>
          <tr>
            <th scope="row">{t("mail.subject")}</th>
            <td>{message.subject}</td>
          </tr>
          {message.messageId ? (
            <tr>
              <th scope="row">{t("mail.message_id")}</th>
              <td>{message.messageId}</td>
            </tr>
          ) : null}
        </tbody>
      </table>

      <section className="card" aria-labelledby="mail-text">
        <h2 id="mail-text">{t("mail.text_body")}</h2>
        {/* Shown as text, paragraph by paragraph, so long lines wrap on a phone. */}
        {message.text.split(/\r?\n\s*\r?\n/).map((paragraph, index) => (
          <p key={index}>
            {paragraph.split(/\r?\n/).map((line, lineIndex) => (
              <span key={lineIndex}>
                {lineIndex > 0 ? <br /> : null}
                {line}
              </span>
            ))}
          </p>
        ))}
      </section>

      <section className="card" aria-labelledby="mail-html">
        <h2 id="mail-html">{t("mail.html_body")}</h2>
        {message.html ? (
          // An empty sandbox: no scripts, no forms, no navigation of this page, and an origin of
          // its own, so whatever the email contains cannot act on the admin's session.
          <iframe sandbox="" srcDoc={message.html} title={t("mail.html_frame")} width="100%" height="480" />
        ) : (
          <p>{t("mail.no_html")}</p>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "mail.message_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
