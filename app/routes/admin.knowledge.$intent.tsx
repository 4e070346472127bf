import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors, TextAreaField } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { getKnowledgeEntry, KNOWLEDGE_ANSWER_MAX, KNOWLEDGE_TITLE_MAX, KnowledgeEntrySchema, updateKnowledgeEntry } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const entry = await orErrorResponse(getKnowledgeEntry(context.services.domain, params.intent ?? ""));
  return json({ entry, limits: { title: KNOWLEDGE_TITLE_MAX, answer: KNOWLEDGE_ANSWER_MAX } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireStaff(request, context, ["admin"]);
  return submitForm(request, KnowledgeEntrySchema, async (input) => {
    await updateKnowledgeEntry(context.services.domain, { actorId: admin.user.id, intent: params.intent ?? "", ...input });
    return json({ saved: true });
  });
}

type Fields = { zhTitle: string; zhAnswer: string; enTitle: string; enAnswer: string };

export default function EditKnowledgeEntry() {
  const t = useT();
  const locale = useLocale();
  const { entry, limits } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply | { saved: true }>();
  const [form, fields] = useForm<Fields>({
    id: `knowledge-${entry.intent}`,
    lastResult: actionData && "result" in actionData ? actionData.result : undefined,
    defaultValue: { zhTitle: entry.zh.title, zhAnswer: entry.zh.answer, enTitle: entry.en.title, enAnswer: entry.en.answer },
  });
  const languages = [
    { legend: t("knowledge.zh"), title: fields.zhTitle, answer: fields.zhAnswer },
    { legend: t("knowledge.en"), title: fields.enTitle, answer: fields.enAnswer },
  ];
  return (
    <>
      <p>
        <Link to="/admin/knowledge">{t("knowledge.back")}</Link>
      </p>
      <h1>{t("knowledge.edit_topic", { topic: entry[locale === "en" ? "en" : "zh"].title })}</h1>
      <p>
        <code>{entry.intent}</code>
      </p>
      <p>{t("knowledge.edit_intro")}</p>
      <p>{t("knowledge.limits", limits)}</p>
      {actionData && "saved" in actionData ? (
        <p className="notice" role="status">
          {t("knowledge.saved")}
        </p>
      ) : null}
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        {languages.map((language) => (
          <fieldset key={language.legend}>
            <legend>{language.legend}</legend>
            <Field label={t("knowledge.field_title", { language: language.legend })} meta={language.title} />
            <TextAreaField label={t("knowledge.field_answer", { language: language.legend })} meta={language.answer} rows={6} />
          </fieldset>
        ))}
        <button type="submit" className="primary">
          {t("knowledge.save")}
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "knowledge.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
