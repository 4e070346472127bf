import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { getViewer, homeFor } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  const active = viewer?.session.stage === "active" ? viewer : null;
  return json({ home: active ? homeFor(active) : null, kind: active?.user.kind ?? null });
}

export default function Home() {
  const t = useT();
  const { home, kind } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro")}</p>
      <div className="actions">
        {home ? (
          <Link className="button" to={home}>
            {kind === "staff" ? t("home.cta_desk") : t("home.cta_portal")}
          </Link>
        ) : (
          <>
            <Link className="button" to="/register">
              {t("home.cta_register")}
            </Link>
            <Link className="button secondary" to="/login">
              {t("home.cta_sign_in")}
            </Link>
          </>
        )}
      </div>
      <section className="card" aria-labelledby="services-title">
        <h2 id="services-title">{t("home.services_title")}</h2>
        <ul>
          <li>{t("home.service_requests")}</li>
          <li>{t("home.tracking")}</li>
        </ul>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "nav.home");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
