import type { z } from "zod";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors, TextAreaField } from "../components/forms";
import { requireCustomer } from "../utils/auth.server";
import { findCustomerPrivacyRequests, PrivacyRequestSchema, submitPrivacyRequest } from "../utils/domain.server";
import { formatDate, formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireCustomer(request, context);
  const requests = await findCustomerPrivacyRequests(context.services.domain, { customerId: viewer.user.id });
  return json(
    {
      constraint: getZodConstraint(PrivacyRequestSchema),
      canRequest: !requests.some((r) => r.status === "received" || r.status === "in_progress"),
      requests: requests.map((r) => ({
        ...r,
        receivedAt: r.receivedAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        closedAt: r.closedAt?.toISOString() ?? null,
        startedAt: r.startedAt?.toISOString() ?? null,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireCustomer(request, context);
  return submitForm(request, PrivacyRequestSchema, async (details) => {
    await submitPrivacyRequest(context.services.domain, { customer: viewer.user, details });
    return redirect("/account/privacy?submitted=1");
  });
}

export default function AccountPrivacy() {
  const t = useT();
  const locale = useLocale();
  const { constraint, canRequest, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [searchParams] = useSearchParams();
  const submitted = searchParams.get("submitted") === "1";
  const [form, fields] = useForm<z.input<typeof PrivacyRequestSchema>>({ id: "close-account", lastResult: actionData?.result, constraint });
  return (
    <>
      <h1>{t("privacy.title")}</h1>
      {submitted ? (
        <p className="notice" role="status">
          {t("privacy.submitted")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="privacy-requests-title">
        <h2 id="privacy-requests-title">{t("privacy.requests_title")}</h2>
        {requests.length === 0 ? (
          <p>{t("privacy.requests_empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("privacy.number")}</th>
                <th scope="col">{t("privacy.status_label")}</th>
                <th scope="col">{t("privacy.received")}</th>
                <th scope="col">{t("privacy.due")}</th>
                <th scope="col">{t("privacy.closed")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.number}>
                  <td>{r.number}</td>
                  <td>
                    <span className="status">{t(`privacy.status.${r.status}`)}</span>
                    {r.refusal ? <p>{t("privacy.refusal", { reason: r.refusal })}</p> : null}
                  </td>
                  <td>{formatDateTime(r.receivedAt, locale)}</td>
                  <td>{formatDate(r.dueAt, locale)}</td>
                  <td>{r.closedAt ? formatDateTime(r.closedAt, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canRequest ? (
        <section className="card narrow" aria-labelledby="close-account-title">
          <h2 id="close-account-title">{t("privacy.close_title")}</h2>
          <p>{t("privacy.close_intro")}</p>
          <p>{t("privacy.close_retained")}</p>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextAreaField label={t("privacy.reason_label")} meta={fields.reason} />
            <Field label={t("privacy.password_label")} meta={fields.password} type="password" autoComplete="current-password" />
            <button type="submit" className="primary">
              {t("privacy.close_submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "privacy.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
