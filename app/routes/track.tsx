import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { TrackRequestSchema } from "../../domain/service-requests/request-schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors } from "../components/forms";
import type { MessageKey } from "../i18n";
import { trackRequest, withinRateLimit } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

// Ten lookups an address, five a number, every ten minutes: enough for a customer, too few to guess.
const WINDOW_MS = 10 * 60_000;

export async function action({ request, context }: ActionFunctionArgs) {
  return submitForm(request, TrackRequestSchema, async ({ number, mobile }) => {
    const ctx = context.services.domain;
    const now = ctx.now();
    const allowed =
      (await withinRateLimit(ctx.db, { key: `track:ip:${context.clientIp}`, limit: 10, windowMs: WINDOW_MS, now })) &&
      (await withinRateLimit(ctx.db, { key: `track:number:${number}`, limit: 5, windowMs: WINDOW_MS, now }));
    if (!allowed) return json({ result: { status: "error", error: { "": ["track.rate_limited"] } } }, 429);
    const found = await trackRequest(ctx, { number, mobile });
    if (!found) return json({ result: { status: "error", error: { "": ["track.not_found"] } } }, 404);
    return json({ found: { number, type: found.type, status: found.status } });
  });
}

export default function Track() {
  const t = useT();
  const actionData = useActionData<FormReply | { found: { number: string; type: string; status: string } }>();
  const [form, fields] = useForm<{ number: string; mobile: string }>({
    id: "track",
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
  });
  return (
    <section className="card narrow">
      <h1>{t("track.title")}</h1>
      <p>{t("track.intro")}</p>
      {actionData && "found" in actionData ? (
        <p className="notice" role="status">
          {t("track.result", {
            number: actionData.found.number,
            type: t(`request.type.${actionData.found.type}` as MessageKey),
            status: t(`request.status.${actionData.found.status}` as MessageKey),
          })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("track.number")} meta={fields.number} />
        <Field label={t("track.mobile")} meta={fields.mobile} type="tel" />
        <button type="submit" className="primary">
          {t("track.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "track.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
