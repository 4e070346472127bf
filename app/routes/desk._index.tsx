import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, roles } = await requireStaff(request, context);
  return json({ name: user.name, roles });
}

export default function Desk() {
  const t = useT();
  const { name, roles } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("desk.title")}</h1>
      <p>{t("desk.welcome", { name })}</p>
      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">{t("desk.role_duties")}</h2>
        <dl>
          {roles.map((role) => (
            <div key={role}>
              <dt>{t(`role.${role}`)}</dt>
              <dd>{t(`role_duty.${role}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "desk.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
