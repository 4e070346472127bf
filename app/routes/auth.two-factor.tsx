import type { z } from "zod";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SecondFactorSchema } from "../../domain/accounts/schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors } from "../components/forms";
import { homeFor, requirePendingViewer } from "../utils/auth.server";
import { setSessionCookie } from "../utils/cookies.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { verifySecondFactor } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePendingViewer(request, context);
  if (!viewer.user.totpEnabled) throw redirect("/auth/two-factor-setup");
  return json({ constraint: getZodConstraint(SecondFactorSchema) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePendingViewer(request, context);
  return submitForm(request, SecondFactorSchema, async ({ code }) => {
    const { token } = await verifySecondFactor(context.services.domain, {
      user: viewer.user,
      pendingToken: viewer.token,
      code,
      userAgent: request.headers.get("User-Agent") ?? "",
    });
    return redirect(homeFor(viewer), { headers: { "Set-Cookie": await setSessionCookie(request, token) } });
  });
}

export default function TwoFactor() {
  const t = useT();
  const { constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<z.input<typeof SecondFactorSchema>>({ id: "two-factor", lastResult: actionData?.result, constraint });
  return (
    <section className="card narrow">
      <h1>{t("auth.two_factor_title")}</h1>
      <p>{t("auth.two_factor_intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("auth.code")} meta={fields.code} autoComplete="one-time-code" />
        <button type="submit" className="primary">
          {t("auth.verify_submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "auth.two_factor_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
