import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FieldErrors, FormErrors } from "../components/forms";
import type { MessageKey } from "../i18n";
import { requireStaff } from "../utils/auth.server";
import {
  APPROVER_ROLES,
  CHAIN_KEYS,
  ChatSettingsSchema,
  ComplaintSettingsSchema,
  getComplaintSettings,
  getMaxChatsPerAgent,
  getRequestSettings,
  getSurveySettings,
  RequestSettingsSchema,
  SurveySettingsSchema,
  updateChatSettings,
  updateComplaintSettings,
  updateRequestSettings,
  updateSurveySettings,
} from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT, useTranslateMessage } from "../utils/i18n";
import { titleFor } from "../utils/meta";

const STEPS = [0, 1, 2];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const current = await getRequestSettings(context.services.domain.db);
  return json({
    largeTransferYuan: Math.round(current.largeTransferFen / 100),
    chains: current.chains,
    chainKeys: CHAIN_KEYS,
    roles: [...APPROVER_ROLES],
    maxChatsPerAgent: await getMaxChatsPerAgent(context.services.domain.db),
    surveys: await getSurveySettings(context.services.domain.db),
    complaints: await getComplaintSettings(context.services.domain.db),
  });
}

// Several forms on the page: each but the first posts its own `intent`.
const CHAT_INTENT = "chat";
const SURVEY_INTENT = "surveys";
const COMPLAINT_INTENT = "complaints";

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireStaff(request, context, ["admin"]);
  const intent = (await request.clone().formData().catch(() => null))?.get("intent");
  if (intent === CHAT_INTENT) {
    return submitForm(request, ChatSettingsSchema, async (input) => {
      await updateChatSettings(context.services.domain, { actorId: admin.user.id, ...input });
      return json({ saved: true, intent: CHAT_INTENT });
    });
  }
  if (intent === SURVEY_INTENT) {
    return submitForm(request, SurveySettingsSchema, async (input) => {
      await updateSurveySettings(context.services.domain, { actorId: admin.user.id, ...input });
      return json({ saved: true, intent: SURVEY_INTENT });
    });
  }
  if (intent === COMPLAINT_INTENT) {
    return submitForm(request, ComplaintSettingsSchema, async (input) => {
      await updateComplaintSettings(context.services.domain, { actorId: admin.user.id, ...input });
      return json({ saved: true, intent: COMPLAINT_INTENT });
    });
  }
  return submitForm(request, RequestSettingsSchema, async (input) => {
    await updateRequestSettings(context.services.domain, { actorId: admin.user.id, ...input });
    return json({ saved: true });
  });
}

export default function RequestSettings() {
  const t = useT();
  const translate = useTranslateMessage();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply | { saved: true; intent?: string }>();
  const answeredIntent = actionData && "result" in actionData ? actionData.result.initialValue?.intent : actionData?.intent;
  const chatAnswer = answeredIntent === CHAT_INTENT;
  const requestAnswer = actionData !== undefined && !answeredIntent;
  const answerTo = (intent: string) => ({
    lastResult: actionData && "result" in actionData && answeredIntent === intent ? actionData.result : undefined,
    saved: Boolean(actionData && "saved" in actionData && answeredIntent === intent),
  });
  const [form, fields] = useForm<{ largeTransferYuan: string }>({
    id: "request-settings",
    lastResult: actionData && "result" in actionData && requestAnswer ? actionData.result : undefined,
    defaultValue: { largeTransferYuan: String(data.largeTransferYuan) },
  });
  const label = (key: string) => (key === "large_transfer" ? t("settings.chain.large_transfer") : t(`request.type.${key}` as MessageKey));
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <p>{t("settings.intro")}</p>
      {actionData && "saved" in actionData && requestAnswer ? (
        <p className="notice" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label={t("settings.large_transfer")} meta={fields.largeTransferYuan} />
        <h2>{t("settings.chains")}</h2>
        {data.chainKeys.map((key) => {
          const errors = form.allErrors[`chains.${key}`];
          return (
            <fieldset key={key}>
              <legend>{t("settings.chain_for", { type: label(key) })}</legend>
              <div className="filters">
                {STEPS.map((step) => (
                  <div className="field" key={step}>
                    <label htmlFor={`chain-${key}-${step}`}>{t("settings.step", { step: step + 1 })}</label>
                    <select id={`chain-${key}-${step}`} name={`chains.${key}[${step}]`} defaultValue={data.chains[key]?.[step] ?? ""}>
                      <option value="">{t("settings.no_step")}</option>
                      {data.roles.map((role) => (
                        <option key={role} value={role}>
                          {t(`role.${role}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
              <FieldErrors errors={errors?.map((e) => translate(e) ?? e)} />
            </fieldset>
          );
        })}
        <button type="submit" className="primary">
          {t("settings.save")}
        </button>
      </Form>
      <ChatSettings maxChatsPerAgent={data.maxChatsPerAgent} lastResult={actionData && "result" in actionData && chatAnswer ? actionData.result : undefined} saved={Boolean(actionData && "saved" in actionData && chatAnswer)} />
      <NumberSettings
        intent={SURVEY_INTENT}
        title={t("settings.survey_title")}
        submit={t("settings.survey_save")}
        fields={[{ name: "expiryDays", label: t("settings.survey_expiry"), hint: t("settings.survey_expiry_hint"), value: data.surveys.expiryDays }]}
        {...answerTo(SURVEY_INTENT)}
      />
      <NumberSettings
        intent={COMPLAINT_INTENT}
        title={t("settings.complaint_title")}
        submit={t("settings.complaint_save")}
        fields={[
          { name: "confirmationDays", label: t("settings.confirmation_days"), hint: t("settings.confirmation_days_hint"), value: data.complaints.confirmationDays },
          { name: "retentionYears", label: t("settings.retention_years"), hint: t("settings.retention_years_hint"), value: data.complaints.retentionYears },
        ]}
        {...answerTo(COMPLAINT_INTENT)}
      />
    </>
  );
}

function ChatSettings({ maxChatsPerAgent, lastResult, saved }: { maxChatsPerAgent: number; lastResult: FormReply["result"] | undefined; saved: boolean }) {
  const t = useT();
  const [form, fields] = useForm<{ maxChatsPerAgent: string }>({
    id: "chat-settings",
    lastResult,
    defaultValue: { maxChatsPerAgent: String(maxChatsPerAgent) },
  });
  return (
    <Form method="post" className="card" aria-labelledby="chat-settings-title" {...getFormProps(form)}>
      <h2 id="chat-settings-title">{t("settings.chat_title")}</h2>
      {saved ? (
        <p className="notice" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={CHAT_INTENT} />
      <Field label={t("settings.max_chats")} hint={t("settings.max_chats_hint")} meta={fields.maxChatsPerAgent} />
      <button type="submit" className="primary">
        {t("settings.chat_save")}
      </button>
    </Form>
  );
}

/** A settings form of whole numbers, posted with its own `intent`. */
function NumberSettings(props: {
  intent: string;
  title: string;
  submit: string;
  fields: { name: string; label: string; hint: string; value: number }[];
  lastResult: FormReply["result"] | undefined;
  saved: boolean;
}) {
  const t = useT();
  const [form, fields] = useForm<Record<string, string>>({
    id: `${props.intent}-settings`,
    lastResult: props.lastResult,
    defaultValue: Object.fromEntries(props.fields.map((f) => [f.name, String(f.value)])),
  });
  const titleId = `${props.intent}-settings-title`;
  return (
    <Form method="post" className="card" aria-labelledby={titleId} {...getFormProps(form)}>
      <h2 id={titleId}>{props.title}</h2>
      {props.saved ? (
        <p className="notice" role="status">
          {t("settings.saved")}
        </p>
      ) : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={props.intent} />
      {props.fields.map((f) => (
        <Field key={f.name} label={f.label} hint={f.hint} meta={fields[f.name]!} />
      ))}
      <button type="submit" className="primary">
        {props.submit}
      </button>
    </Form>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "settings.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
