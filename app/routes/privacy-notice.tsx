import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import type { MessageKey } from "../i18n";
import { PRIVACY_NOTICE_VERSION } from "../utils/domain.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

// The notice a customer consents to before sensitive financial data is stored (PIPL art. 17,
// 29–30). Its words are in the catalogs; the version names which words were agreed to.
const SECTIONS: MessageKey[] = ["privacy_notice.what", "privacy_notice.why", "privacy_notice.how", "privacy_notice.keep", "privacy_notice.consent", "privacy_notice.contact"];

export function loader() {
  return json({ version: PRIVACY_NOTICE_VERSION });
}

export default function PrivacyNotice() {
  const t = useT();
  const { version } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>{t("privacy_notice.title")}</h1>
      <p className="hint">{t("privacy_notice.version", { version })}</p>
      {SECTIONS.map((key) => (
        <p key={key}>{t(key)}</p>
      ))}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "privacy_notice.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
