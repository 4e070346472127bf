import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormErrors, TextAreaField } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import {
  canPrivacyTransition,
  completePrivacyRequest,
  getDeskPrivacyRequest,
  PRIVACY_DESK_ROLES,
  PrivacyDeskActionSchema,
  refusePrivacyRequest,
  startPrivacyRequest,
} from "../utils/domain.server";
import { formatDate, formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const INTENTS = ["start", "complete", "refuse"] as const;
type Intent = (typeof INTENTS)[number];

async function viewer(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user, roles } = await requireStaff(request, context, PRIVACY_DESK_ROLES);
  return { userId: user.id, roles };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await viewer(request, context);
  const view = await orErrorResponse(getDeskPrivacyRequest(context.services.domain, { actor, number: params.number ?? "" }));
  const { request: r, customer } = view;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return json(
    {
      request: { ...r, receivedAt: r.receivedAt.toISOString(), dueAt: r.dueAt.toISOString(), startedAt: iso(r.startedAt), closedAt: iso(r.closedAt) },
      customer: { ...customer, erasedAt: iso(customer.erasedAt), retainedUntil: iso(customer.retainedUntil) },
      holdings: view.holdings,
      retentionYears: view.retentionYears,
      actions: INTENTS.filter((intent) => canPrivacyTransition(r.status, intent)),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await viewer(request, context);
  const number = params.number ?? "";
  return submitForm(request, PrivacyDeskActionSchema, async (input) => {
    const ctx = context.services.domain;
    switch (input.intent) {
      case "start":
        await startPrivacyRequest(ctx, { actor, number });
        break;
      case "refuse":
        await refusePrivacyRequest(ctx, { actor, number, reason: input.reason });
        break;
      case "complete": {
        const { endedSessionIds } = await completePrivacyRequest(ctx, { actor, number });
        context.sockets.disconnectSessions(endedSessionIds);
        break;
      }
    }
    return redirect(`/desk/privacy/${number}?done=${input.intent}`);
  });
}

function ActionForm({ intent, lastResult, withReason }: { intent: Intent; lastResult?: FormReply["result"]; withReason?: boolean }) {
  const t = useT();
  const [form, fields] = useForm<{ intent: string; reason: string }>({
    id: `privacy-${intent}`,
    lastResult: lastResult?.initialValue?.intent === intent ? lastResult : undefined,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <h3>{t(`privacy.desk.action.${intent}`)}</h3>
      <p>{t(`privacy.desk.hint.${intent}`)}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {withReason ? <TextAreaField label={t("privacy.desk.refusal_label")} meta={fields.reason} rows={3} /> : null}
      <button type="submit" className="primary">
        {t(`privacy.desk.submit.${intent}`)}
      </button>
    </Form>
  );
}

export default function DeskPrivacyRequest() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const { request: r, customer } = data;
  return (
    <>
      <p>
        <Link to="/desk/privacy">{t("privacy.desk.back")}</Link>
      </p>
      <h1>{t("privacy.desk.request_title", { number: r.number })}</h1>
      {done && (INTENTS as readonly string[]).includes(done) ? (
        <p className="notice" role="status">
          {t(`privacy.desk.done.${done as Intent}`)}
        </p>
      ) : null}
      <section className="card">
        <dl>
          <dt>{t("privacy.status_label")}</dt>
          <dd>
            <span className="status">{t(`privacy.status.${r.status}`)}</span>
          </dd>
          <dt>{t("privacy.received")}</dt>
          <dd>{formatDateTime(r.receivedAt, locale)}</dd>
          <dt>{t("privacy.due")}</dt>
          <dd>{formatDate(r.dueAt, locale)}</dd>
          <dt>{t("privacy.desk.customer")}</dt>
          <dd>
            {customer.name} · {customer.email} {customer.mobile ? `· ${customer.mobile}` : ""}
          </dd>
          <dt>{t("privacy.reason_label")}</dt>
          <dd>{r.reason ?? "—"}</dd>
          {r.refusal ? (
            <>
              <dt>{t("privacy.desk.refusal_label")}</dt>
              <dd>{r.refusal}</dd>
            </>
          ) : null}
          {customer.retainedUntil ? (
            <>
              <dt>{t("privacy.desk.retained_until")}</dt>
              <dd>{formatDate(customer.retainedUntil, locale)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="holdings-title">
        <h2 id="holdings-title">{t("privacy.desk.holdings")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("privacy.desk.holding")}</th>
              <th scope="col">{t("privacy.desk.count")}</th>
              <th scope="col">{t("privacy.desk.disposition")}</th>
            </tr>
          </thead>
          <tbody>
            {data.holdings.map((h) => (
              <tr key={h.kind}>
                <td>{t(`privacy.holding.${h.kind}`)}</td>
                <td>{h.count}</td>
                <td>{h.disposition === "retain" ? t(`privacy.retain_reason.${h.kind as "service_requests" | "complaints"}`, { years: data.retentionYears }) : t("privacy.desk.erase")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {data.actions.length > 0 ? (
        <section aria-labelledby="privacy-actions-title">
          <h2 id="privacy-actions-title">{t("privacy.desk.actions")}</h2>
          {data.actions.map((intent) => (
            <ActionForm key={intent} intent={intent} lastResult={actionData?.result} withReason={intent === "refuse"} />
          ))}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "privacy.desk.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
