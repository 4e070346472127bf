import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireCustomer } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { maskEmail, maskMobile } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const mobile = user.mobileEnc ? context.services.domain.cipher.decrypt(user.mobileEnc) : "";
  // Masked even for the owner: a screen over the shoulder shows nothing usable.
  return json({ name: user.name, mobile: maskMobile(mobile), email: maskEmail(user.email) });
}

export default function Portal() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("portal.welcome", { name: data.name })}</h1>
      <p>{t("portal.intro")}</p>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("portal.profile")}</h2>
        <dl>
          <dt>{t("portal.email")}</dt>
          <dd>{data.email}</dd>
          <dt>{t("portal.mobile")}</dt>
          <dd>{data.mobile}</dd>
        </dl>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "portal.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
