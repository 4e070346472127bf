import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ChatWidget } from "./components/chat-widget";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { SiteHeader, type ViewerSummary } from "./components/layout";
import styles from "./styles/app.css";
import { getViewer } from "./utils/auth.server";
import { COMPLAINT_READ_ROLES, REQUEST_STAFF_ROLES } from "./utils/domain.server";
import { useLocale, useNonce, useT } from "./utils/i18n";
import { resolveLocale } from "./utils/locale.server";

const ZOD_JITLESS = "globalThis.__zod_globalConfig = { jitless: true };";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  const locale = await resolveLocale(request, viewer?.user.locale);
  const summary: ViewerSummary | null =
    viewer && viewer.session.stage === "active"
      ? {
          id: viewer.user.id,
          name: viewer.user.name,
          kind: viewer.user.kind,
          roles: viewer.roles,
          worksRequests: viewer.roles.some((r) => REQUEST_STAFF_ROLES.includes(r)),
          readsComplaints: viewer.roles.some((r) => COMPLAINT_READ_ROLES.includes(r)),
        }
      : null;
  return json({ locale, viewer: summary });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const t = useT();
  const locale = useLocale();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* zod builds its object parsers with `new Function` after probing whether eval is
            allowed; under our CSP the probe itself is reported as a violation on every form
            page. zod reads this before the first schema is built (the module scripts run later). */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_JITLESS }} />
      </head>
      <body>
        <SiteHeader viewer={data?.viewer ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("app.footer")}</p>
          <p>
            <Link to="/privacy-notice">{t("app.privacy_notice_link")}</Link>
          </p>
        </footer>
        {data?.viewer?.kind !== "staff" ? <ChatWidget owner={data?.viewer ? `customer:${data.viewer.id}` : "visitor"} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
