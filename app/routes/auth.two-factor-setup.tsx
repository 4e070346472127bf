import type { z } from "zod";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SecondFactorSchema } from "../../domain/accounts/schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors } from "../components/forms";
import { getViewer, type Viewer } from "../utils/auth.server";
import { setRecoveryCodesCookie, setSessionCookie } from "../utils/cookies.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { beginTotpEnrollment, confirmTotpEnrollment } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

/** Staff enrol while their session is pending; customers enrol from their account page. */
async function requireEnrollableViewer(request: Request, context: LoaderFunctionArgs["context"]): Promise<Viewer> {
  const viewer = await getViewer(request, context);
  if (!viewer) throw redirect("/login");
  if (viewer.user.totpEnabled) {
    throw redirect(viewer.session.stage === "active" ? "/account" : "/auth/two-factor");
  }
  return viewer;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireEnrollableViewer(request, context);
  const { secret, uri } = await beginTotpEnrollment(context.services.domain, viewer.user);
  // Loaded here rather than at start-up: only enrolment draws a QR code.
  const { default: QRCode } = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return json(
    { secret, qrSvg, staff: viewer.user.kind === "staff", constraint: getZodConstraint(SecondFactorSchema) },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireEnrollableViewer(request, context);
  return submitForm(request, SecondFactorSchema, async ({ code }) => {
    const { recoveryCodes, token } = await confirmTotpEnrollment(context.services.domain, {
      user: viewer.user,
      code,
      sessionToken: viewer.token,
      userAgent: request.headers.get("User-Agent") ?? "",
    });
    const headers = new Headers();
    headers.append("Set-Cookie", await setSessionCookie(request, token));
    const sealed = context.services.domain.cipher.encrypt(JSON.stringify(recoveryCodes));
    headers.append("Set-Cookie", await setRecoveryCodesCookie(request, sealed));
    return redirect("/auth/recovery-codes", { headers });
  });
}

export default function TwoFactorSetup() {
  const t = useT();
  const { secret, qrSvg, staff, constraint } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<z.input<typeof SecondFactorSchema>>({
    id: "two-factor-setup",
    lastResult: actionData?.result,
    constraint,
  });
  return (
    <section className="card narrow">
      <h1>{t("auth.setup_title")}</h1>
      <p>{staff ? t("auth.setup_intro_staff") : t("auth.setup_intro_customer")}</p>
      <div className="qr" role="img" aria-label={t("auth.setup_qr_alt")} dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p>
        {t("auth.setup_secret")} <code className="secret">{secret}</code>
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("auth.code")} meta={fields.code} autoComplete="one-time-code" />
        <button type="submit" className="primary">
          {t("auth.setup_submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "auth.setup_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
