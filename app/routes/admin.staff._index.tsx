import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { formatDate } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { findStaff } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const staff = await findStaff(context.services.domain.db);
  return json({ staff: staff.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })) });
}

export default function StaffList() {
  const t = useT();
  const locale = useLocale();
  const { staff } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("admin.staff_title")}</h1>
      <p>{t("admin.staff_intro")}</p>
      <p>
        <Link className="button" to="/admin/staff/new">
          {t("admin.staff_new")}
        </Link>
      </p>
      {staff.length === 0 ? (
        <p>{t("admin.staff_none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.staff_name")}</th>
              <th scope="col">{t("admin.staff_email")}</th>
              <th scope="col">{t("admin.staff_roles")}</th>
              <th scope="col">{t("admin.staff_two_factor")}</th>
              <th scope="col">{t("admin.staff_created_at")}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>{s.roles.map((r) => t(`role.${r}`)).join(", ")}</td>
                <td>{s.totpEnabled ? t("account.two_factor_on") : t("account.two_factor_off")}</td>
                <td>{formatDate(s.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "admin.staff_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
