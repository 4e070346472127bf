import type { z } from "zod";
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PASSWORD_LIMITS, RegisterSchema } from "../../domain/accounts/schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FieldErrors, FormErrors } from "../components/forms";
import { LOCALES } from "../i18n";
import { getViewer, homeFor } from "../utils/auth.server";
import { setSessionCookie } from "../utils/cookies.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT, useTranslateMessage } from "../utils/i18n";
import { registerCustomer } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (viewer?.session.stage === "active") throw redirect(homeFor(viewer));
  return json({ constraint: getZodConstraint(RegisterSchema), passwordMin: PASSWORD_LIMITS.min });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitForm(request, RegisterSchema, async (input) => {
    const { token } = await registerCustomer(context.services.domain, {
      ...input,
      userAgent: request.headers.get("User-Agent") ?? "",
    });
    return redirect("/portal", { headers: { "Set-Cookie": await setSessionCookie(request, token) } });
  });
}

export default function Register() {
  const t = useT();
  const translate = useTranslateMessage();
  const locale = useLocale();
  const { constraint, passwordMin } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<z.input<typeof RegisterSchema>>({
    id: "register",
    lastResult: actionData?.result,
    constraint,
    defaultValue: { locale },
  });
  const { key: localeKey, ...localeProps } = getSelectProps(fields.locale);
  return (
    <section className="card narrow">
      <h1>{t("register.title")}</h1>
      <p>{t("register.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("register.name")} meta={fields.name} autoComplete="name" />
        <Field label={t("auth.email")} meta={fields.email} type="email" autoComplete="email" />
        <Field label={t("register.mobile")} meta={fields.mobile} type="tel" hint={t("register.mobile_hint")} autoComplete="tel" />
        <Field
          label={t("auth.password")}
          meta={fields.password}
          type="password"
          hint={t("register.password_hint", { min: passwordMin })}
          autoComplete="new-password"
        />
        <div className="field">
          <label htmlFor={fields.locale.id}>{t("register.locale")}</label>
          <select key={localeKey} {...localeProps}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.locale.errorId} errors={fields.locale.errors?.map((e) => translate(e) ?? e)} />
        </div>
        <button type="submit" className="primary">
          {t("register.submit")}
        </button>
      </Form>
      <p>
        {t("auth.have_account")} <Link to="/login">{t("nav.sign_in")}</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "register.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
