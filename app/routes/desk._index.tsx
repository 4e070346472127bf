import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { COMPLAINT_READ_ROLES, countDeskComplaints } from "../utils/domain.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, roles } = await requireStaff(request, context);
  const complaints = roles.some((r) => COMPLAINT_READ_ROLES.includes(r))
    ? await countDeskComplaints(context.services.domain, { actor: { userId: user.id, roles } })
    : null;
  return json({ name: user.name, roles, complaints });
}

export default function Desk() {
  const t = useT();
  const { name, roles, complaints } = useLoaderData<typeof loader>();
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
      {complaints ? (
        <section className="card" aria-labelledby="complaints-title">
          <h2 id="complaints-title">
            <Link to="/desk/complaints">{t("complaint_desk.home_title")}</Link>
          </h2>
          <ul>
            <li>{t("complaint_desk.home_open", { count: complaints.open })}</li>
            <li>
              <Link to="/desk/complaints?mine=1">{t("complaint_desk.home_mine", { count: complaints.mine })}</Link>
            </li>
            <li>{t("complaint_desk.home_unassigned", { count: complaints.unassigned })}</li>
            <li className={complaints.atRisk > 0 ? "sla-at_risk" : undefined}>
              <Link to="/desk/complaints?sla=at_risk">{t("complaint_desk.home_at_risk", { count: complaints.atRisk })}</Link>
            </li>
            <li className={complaints.overdue > 0 ? "sla-overdue" : undefined}>
              <Link to="/desk/complaints?sla=overdue">{t("complaint_desk.home_overdue", { count: complaints.overdue })}</Link>
            </li>
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "desk.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
