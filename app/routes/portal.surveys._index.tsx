import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SurveyAbout } from "../components/survey-form";
import { requireCustomer } from "../utils/auth.server";
import { findPendingSurveys } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const surveys = await findPendingSurveys(context.services.domain, { customerId: user.id });
  return json({
    surveys: surveys.map((s) => ({
      id: s.id,
      subjectType: s.subjectType,
      number: s.number,
      chatDate: s.chatDate?.toISOString() ?? null,
      expiresAt: s.expiresAt.toISOString(),
    })),
  });
}

export default function PendingSurveys() {
  const t = useT();
  const locale = useLocale();
  const { surveys } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("survey.pending_title")}</h1>
      <p>{t("survey.pending_intro")}</p>
      <section className="card">
        {surveys.length === 0 ? (
          <p>{t("survey.pending_empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("survey.column_subject")}</th>
                <th scope="col">{t("survey.column_expires")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("survey.answer_link")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr key={s.id}>
                  <td>
                    <SurveyAbout survey={s} />
                  </td>
                  <td>{formatDateTime(s.expiresAt, locale)}</td>
                  <td>
                    <Link to={`/portal/surveys/${s.id}`}>{t("survey.answer_link")}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "survey.pending_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
