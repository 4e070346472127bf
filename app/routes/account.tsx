import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormErrors } from "../components/forms";
import { requireUser } from "../utils/auth.server";
import { forbidden } from "../utils/responses.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { currentSessionId, endSessions, findSessions, getConsent, withdrawConsent } from "../utils/domain.server";
import { titleFor } from "../utils/meta";

const AccountActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("end_session"),
    sessionId: z.union([z.literal("others"), z.string().regex(/^[0-9a-f]{64}$/, "account.session_not_found")], {
      error: "account.session_not_found",
    }),
  }),
  z.object({ intent: z.literal("withdraw_consent") }),
]);

type ActionData = FormReply | { ended: number } | { consentWithdrawn: true };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireUser(request, context);
  const current = currentSessionId(viewer.token);
  const sessions = await findSessions(context.services.domain, viewer.user.id);
  const consent = viewer.user.kind === "customer" ? await getConsent(context.services.domain, { userId: viewer.user.id }) : null;
  return json({
    totpEnabled: viewer.user.totpEnabled,
    canEnrol: viewer.user.kind === "customer" && !viewer.user.totpEnabled,
    isCustomer: viewer.user.kind === "customer",
    sessions: sessions.map((s) => ({
      id: s.id,
      current: s.id === current,
      userAgent: s.userAgent,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
    })),
    consent: consent && {
      noticeVersion: consent.noticeVersion,
      inForce: consent.inForce && { grantedAt: consent.inForce.grantedAt.toISOString(), channel: consent.inForce.channel },
      history: consent.history.map((c) => ({ ...c, grantedAt: c.grantedAt.toISOString(), withdrawnAt: c.withdrawnAt?.toISOString() ?? null })),
    },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireUser(request, context);
  return submitForm(request, AccountActionSchema, async (input) => {
    if (input.intent === "withdraw_consent") {
      if (viewer.user.kind !== "customer") throw forbidden();
      await withdrawConsent(context.services.domain, { userId: viewer.user.id });
      return json({ consentWithdrawn: true as const });
    }
    const ended = await endSessions(context.services.domain, { userId: viewer.user.id, token: viewer.token, sessionId: input.sessionId });
    context.sockets.disconnectSessions(ended);
    return json({ ended: ended.length });
  });
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const format = (iso: string) => formatDateTime(iso, locale);
  return (
    <>
      <h1>{t("account.title")}</h1>
      <section className="card" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t("account.two_factor")}</h2>
        <p>{data.totpEnabled ? t("account.two_factor_on") : t("account.two_factor_off")}</p>
        {data.canEnrol ? (
          <Link className="button" to="/auth/two-factor-setup">
            {t("account.two_factor_enable")}
          </Link>
        ) : null}
      </section>
      {data.isCustomer ? (
        <section className="card" aria-labelledby="my-data-title">
          <h2 id="my-data-title">{t("privacy.data_section")}</h2>
          <p>{t("privacy.data_intro")}</p>
          <p className="actions">
            <a className="button" href="/account/data.json" download>
              {t("privacy.download_json")}
            </a>
            <a className="button" href="/account/data.html" download>
              {t("privacy.download_html")}
            </a>
          </p>
          <p>
            <Link to="/account/privacy">{t("privacy.close_link")}</Link>
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("account.sessions")}</h2>
        <p>{t("account.sessions_intro")}</p>
        {actionData && "ended" in actionData ? (
          <p className="notice" role="status">
            {actionData.ended > 0 ? t("account.sessions_ended", { count: actionData.ended }) : t("account.session_not_found")}
          </p>
        ) : null}
        {actionData && "result" in actionData && actionData.result.initialValue?.intent === "end_session" ? (
          <FormErrors errors={actionData.result.error?.sessionId ?? undefined} />
        ) : null}
        <ul className="sessions plain">
          {data.sessions.map((s) => (
            <li key={s.id}>
              <span>
                <strong>{s.current ? t("account.session_this") : s.userAgent || "—"}</strong>
                <br />
                {t("account.session_started", { time: format(s.createdAt) })}, {t("account.session_last_seen", { time: format(s.lastSeenAt) })}
              </span>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="end_session" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="button secondary">
                    {t("account.session_end")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {data.sessions.length > 1 ? (
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="end_session" />
            <input type="hidden" name="sessionId" value="others" />
            <button type="submit" className="primary">
              {t("account.session_end_others")}
            </button>
          </Form>
        ) : null}
      </section>
      {data.consent ? <ConsentSection consent={data.consent} actionData={actionData} /> : null}
    </>
  );
}

type ConsentView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["consent"]>;

/** The customer's separate consent to the sensitive-information notice: when, and a way to withdraw it. */
function ConsentSection({ consent, actionData }: { consent: ConsentView; actionData: ActionData | undefined }) {
  const t = useT();
  const locale = useLocale();
  const format = (iso: string) => formatDateTime(iso, locale);
  const withdrawError = actionData && "result" in actionData && actionData.result.initialValue?.intent === "withdraw_consent" ? actionData.result.error?.[""] : undefined;
  return (
    <section className="card" aria-labelledby="consent-title">
      <h2 id="consent-title">{t("account.consent_title")}</h2>
      <p>
        {t("account.consent_intro")}{" "}
        <Link to="/privacy-notice">{t("consent.read_notice", { version: consent.noticeVersion })}</Link>
      </p>
      {actionData && "consentWithdrawn" in actionData ? (
        <p className="notice" role="status">
          {t("account.consent_withdrawn")}
        </p>
      ) : null}
      <FormErrors errors={withdrawError ?? undefined} />
      <p>
        {consent.inForce
          ? t("account.consent_in_force", {
              version: consent.noticeVersion,
              date: format(consent.inForce.grantedAt),
              channel: t(`consent.channel.${consent.inForce.channel}`),
            })
          : t("account.consent_none", { version: consent.noticeVersion })}
      </p>
      {consent.history.length > 0 ? (
        <>
          <h3>{t("account.consent_history")}</h3>
          <ul className="plain">
            {consent.history.map((c) => (
              <li key={c.id}>
                {t("account.consent_history_row", { version: c.noticeVersion, date: format(c.grantedAt), channel: t(`consent.channel.${c.channel}`) })}
                {c.withdrawnAt ? `, ${t("account.consent_history_withdrawn", { date: format(c.withdrawnAt) })}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {consent.inForce ? (
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw_consent" />
          <p className="hint">{t("account.consent_withdraw_effect")}</p>
          <button type="submit" className="button secondary">
            {t("account.consent_withdraw")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "account.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
