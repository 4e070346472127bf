import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { findKnowledgeEntries } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const entries = await findKnowledgeEntries(context.services.domain);
  return json({ entries: entries.map((e) => ({ ...e, updatedAt: e.updatedAt?.toISOString() ?? null })) });
}

export default function KnowledgeBase() {
  const t = useT();
  const locale = useLocale();
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("knowledge.title")}</h1>
      <p>{t("knowledge.intro")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("knowledge.topic")}</th>
            <th scope="col">{t("knowledge.title_zh")}</th>
            <th scope="col">{t("knowledge.title_en")}</th>
            <th scope="col">{t("knowledge.updated")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("knowledge.edit")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.intent}>
              <td>
                <code>{entry.intent}</code>
              </td>
              <td>{entry.titles.zh}</td>
              <td>{entry.titles.en}</td>
              <td>
                {entry.updatedBy && entry.updatedAt
                  ? t("knowledge.updated_by", { time: formatDateTime(entry.updatedAt, locale), name: entry.updatedBy })
                  : t("knowledge.approved_original")}
              </td>
              <td>
                <Link to={entry.intent} aria-label={t("knowledge.edit_topic", { topic: entry.titles[locale === "en" ? "en" : "zh"] })}>
                  {t("knowledge.edit")}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "knowledge.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
