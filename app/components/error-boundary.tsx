import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "../utils/i18n";

/** The one error page every route shows: 404, 403, 503 and anything unexpected, never a stack. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? (["page.not_found_title", "page.not_found_body"] as const)
      : status === 403
        ? (["page.forbidden_title", "page.forbidden_body"] as const)
        : status === 503
          ? (["page.unavailable_title", "page.unavailable_body"] as const)
          : (["page.error_title", "page.error_body"] as const);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(title)}</h1>
      <p>{t(body)}</p>
      <p>
        <Link to="/">{t("page.go_home")}</Link>
      </p>
    </section>
  );
}
