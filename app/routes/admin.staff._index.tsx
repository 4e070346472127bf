import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { requireStaff } from "../utils/auth.server";
import { formatDate } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { findStaff, setStaffBranch } from "../utils/domain.server";
import { submitForm } from "../utils/forms.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const staff = await findStaff(context.services.domain.db);
  return json({ staff: staff.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })) });
}

// A staff member's branch (empty: none); the domain checks the admin role and the length again.
const BranchSchema = z.object({ userId: z.uuid(), branch: z.string().trim().max(100, "error.too_long").optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireStaff(request, context, ["admin"]);
  return submitForm(request, BranchSchema, async (input) => {
    await setStaffBranch(context.services.domain, { actor: { userId: viewer.user.id, roles: viewer.roles }, userId: input.userId, branch: input.branch ?? null });
    return redirect("/admin/staff");
  });
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
              <th scope="col">{t("admin.staff_branch")}</th>
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
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={s.id} />
                    <input name="branch" defaultValue={s.branch ?? ""} maxLength={100} aria-label={t("admin.staff_branch_label", { name: s.name })} />
                    <button type="submit">{t("admin.staff_branch_save")}</button>
                  </Form>
                </td>
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
