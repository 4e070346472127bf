import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { SUBMITTABLE_TYPES } from "../../domain/service-requests/request-schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireCustomer } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCustomer(request, context);
  return json({});
}

export default function ChooseRequestType() {
  const t = useT();
  return (
    <>
      <h1>{t("request.new_title")}</h1>
      <p>{t("request.new_intro")}</p>
      <ul className="type-list">
        {SUBMITTABLE_TYPES.map((type) => (
          <li key={type}>
            <Link to={`/portal/requests/new/${type}`}>
              <strong>{t(`request.type.${type}`)}</strong>
              {t(`request.type_intro.${type}`)}
            </Link>
          </li>
        ))}
        {/* A complaint is its own case on the regulator's clock, with its own form. */}
        <li>
          <Link to="/portal/complaints/new">
            <strong>{t("request.type.complaint")}</strong>
            {t("complaint.new_intro")}
          </Link>
        </li>
      </ul>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "request.new_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
