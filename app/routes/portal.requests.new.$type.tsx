import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RequestDetailsSchema, SUBMITTABLE_TYPES, type SubmittableType } from "../../domain/service-requests/request-schemas";
import { ConsentField } from "../components/consent-field";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FileField, FormErrors, SelectField, TextAreaField } from "../components/forms";
import type { MessageKey } from "../i18n";
import { requireCustomer } from "../utils/auth.server";
import { consentOnRecord, consentTickedIn } from "../utils/consent.server";
import { formPrefillFromChat, isUuid, submitRequest } from "../utils/domain.server";
import { submitFormWithFiles, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { notFound } from "../utils/responses.server";

type FieldSpec = { name: string; kind?: "text" | "tel" | "textarea" | "select"; options?: string[] };

// The form of each request type; the shared schema (RequestDetailsSchema) validates it.
const FORMS: Record<SubmittableType, FieldSpec[]> = {
  account_opening: [
    { name: "holder", kind: "select", options: ["individual", "enterprise"] },
    { name: "realName" },
    { name: "residentId" },
    { name: "mobile", kind: "tel" },
    { name: "companyName" },
  ],
  transfer: [{ name: "payeeName" }, { name: "payeeAccount" }, { name: "amount" }, { name: "purpose", kind: "textarea" }],
  loan: [
    { name: "loanType", kind: "select", options: ["personal", "mortgage", "business"] },
    { name: "amount" },
    { name: "termMonths" },
    { name: "monthlyIncome" },
    { name: "employment", kind: "select", options: ["employed", "self_employed", "retired", "student", "other"] },
    { name: "employer" },
  ],
  info_update: [{ name: "field", kind: "select", options: ["phone", "address", "email", "id_renewal"] }, { name: "newValue" }],
  inquiry: [{ name: "subject" }, { name: "message", kind: "textarea" }],
};

function requestType(param: string | undefined): SubmittableType {
  const type = SUBMITTABLE_TYPES.find((t) => t === param);
  if (!type) throw notFound();
  return type;
}

/**
 * A form the chat assistant opened (`?from=<question id>`) starts with what the customer's
 * question already said. Nothing is saved until the customer submits.
 */
function prefillFrom(url: URL, context: LoaderFunctionArgs["context"], customerId: string, type: SubmittableType): Promise<Record<string, string>> {
  const questionId = url.searchParams.get("from") ?? "";
  return isUuid(questionId) ? formPrefillFromChat(context.services.domain, { customerId, questionId, type }) : Promise.resolve({});
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const type = requestType(params.type);
  return json({ type, prefill: await prefillFrom(new URL(request.url), context, user.id, type), consent: await consentOnRecord(context, user.id) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  requestType(params.type);
  return submitFormWithFiles(request, RequestDetailsSchema, { existingFiles: 0 }, async (details, files, formData) => {
    const consent = consentTickedIn(formData, request, context);
    const created = await submitRequest(context.services.domain, { customer: user, details, files, consent });
    return redirect(`/portal/requests/${created.number}?submitted=1`);
  });
}

export default function NewRequest() {
  const t = useT();
  const { type, prefill, consent } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<Record<string, string>>({ id: `request-${type}`, lastResult: actionData?.result, defaultValue: prefill });
  const label = (name: string) => t(`request.field.${name}` as MessageKey);
  return (
    <section className="card narrow">
      <h1>{t(`request.type.${type}`)}</h1>
      <p>{t(`request.type_intro.${type}`)}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="type" value={type} />
        {FORMS[type].map((spec) => {
          const meta = fields[spec.name]!;
          if (spec.kind === "select") {
            const options = (spec.options ?? []).map((o) => ({ value: o, label: t(`request.option.${o}` as MessageKey) }));
            return <SelectField key={spec.name} label={label(spec.name)} meta={meta} options={options} />;
          }
          if (spec.kind === "textarea") return <TextAreaField key={spec.name} label={label(spec.name)} meta={meta} />;
          return <Field key={spec.name} label={label(spec.name)} meta={meta} type={spec.kind === "tel" ? "tel" : "text"} />;
        })}
        <FileField id={`${form.id}-attachments`} name="attachments" label={t("attachment.label")} errors={form.allErrors.attachments} />
        <ConsentField consent={consent} errors={form.allErrors.consent} filesOnly={type === "inquiry"} />
        <button type="submit" className="primary">
          {t("request.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "request.new_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
