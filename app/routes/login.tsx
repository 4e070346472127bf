import type { z } from "zod";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SignInSchema } from "../../domain/accounts/schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors } from "../components/forms";
import { getViewer, homeFor, safeRedirectPath } from "../utils/auth.server";
import { readSessionToken, setSessionCookie } from "../utils/cookies.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { signInWithPassword } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  if (viewer?.session.stage === "active") throw redirect(homeFor(viewer));
  return json({ constraint: getZodConstraint(SignInSchema) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitForm(request, SignInSchema, async ({ email, password }, formData) => {
    const result = await signInWithPassword(context.services.domain, {
      email,
      password,
      userAgent: request.headers.get("User-Agent") ?? "",
      previousToken: (await readSessionToken(request)) ?? undefined,
    });
    const headers = { "Set-Cookie": await setSessionCookie(request, result.token) };
    if (result.stage === "pending_2fa") {
      return redirect(result.user.totpEnabled ? "/auth/two-factor" : "/auth/two-factor-setup", { headers });
    }
    return redirect(safeRedirectPath(formData.get("redirectTo"), homeFor(result)), { headers });
  });
}

export default function Login() {
  const t = useT();
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof SignInSchema>>({ id: "sign-in", lastResult: actionData?.result, constraint });
  return (
    <section className="card narrow">
      <h1>{t("auth.sign_in_title")}</h1>
      <p>{t("auth.sign_in_intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field label={t("auth.email")} meta={fields.email} type="email" autoComplete="username" />
        <Field label={t("auth.password")} meta={fields.password} type="password" autoComplete="current-password" />
        <button type="submit" className="primary">
          {t("auth.sign_in_submit")}
        </button>
      </Form>
      <p>
        {t("auth.no_account")} <Link to="/register">{t("nav.register")}</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "auth.sign_in_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
