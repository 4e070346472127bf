import type { z } from "zod";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreateStaffSchema } from "../../domain/accounts/schemas";
import { staffRoles } from "../../db/schema/enums";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FieldErrors, FormErrors } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT, useTranslateMessage } from "../utils/i18n";
import { createStaff } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  return json({ constraint: getZodConstraint(CreateStaffSchema), roles: [...staffRoles] });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireStaff(request, context, ["admin"]);
  return submitForm(request, CreateStaffSchema, async (input) => {
    const created = await createStaff(context.services.domain, { actorId: admin.user.id, ...input });
    return json(
      { created: { name: created.user.name, roles: created.roles, temporaryPassword: created.temporaryPassword } },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}

export default function NewStaff() {
  const t = useT();
  const translate = useTranslateMessage();
  const { constraint, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply | { created: { name: string; roles: string[]; temporaryPassword: string } }>();
  const [form, fields] = useForm<z.input<typeof CreateStaffSchema>>({
    id: "new-staff",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    constraint,
  });
  if (actionData && "created" in actionData) {
    const { created } = actionData;
    return (
      <section className="card narrow">
        <h1>{t("admin.staff_new")}</h1>
        <p className="notice" role="status">
          {t("admin.staff_created", {
            name: created.name,
            roles: created.roles.map((r) => (roles.includes(r as never) ? t(`role.${r as (typeof roles)[number]}`) : r)).join(", "),
          })}
        </p>
        <p>{t("admin.staff_password_once")}</p>
        <p>
          <code className="secret">{created.temporaryPassword}</code>
        </p>
        <Link to="/admin/staff">{t("admin.staff_title")}</Link>
      </section>
    );
  }
  const selected = new Set(fields.roles.initialValue ?? []);
  return (
    <section className="card narrow">
      <h1>{t("admin.staff_new")}</h1>
      <p>{t("admin.staff_intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("admin.staff_name")} meta={fields.name} />
        <Field label={t("admin.staff_email")} meta={fields.email} type="email" />
        <fieldset aria-describedby={fields.roles.errors ? fields.roles.errorId : undefined}>
          <legend>{t("admin.staff_roles")}</legend>
          {roles.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" name={fields.roles.name} value={role} defaultChecked={selected.has(role)} />
              {t(`role.${role}`)}
            </label>
          ))}
          <FieldErrors id={fields.roles.errorId} errors={fields.roles.errors?.map((e) => translate(e) ?? e)} />
        </fieldset>
        <button type="submit" className="primary">
          {t("admin.staff_submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "admin.staff_new");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
