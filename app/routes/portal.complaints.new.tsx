import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ComplaintDetailsSchema } from "../../domain/complaints/complaint-schemas";
import { ComplaintFields } from "../components/complaint-fields";
import { ConsentField } from "../components/consent-field";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FileField, FormErrors } from "../components/forms";
import { requireCustomer } from "../utils/auth.server";
import { consentOnRecord, consentTickedIn } from "../utils/consent.server";
import { fileComplaint } from "../utils/domain.server";
import { submitFormWithFiles, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  return json({ consent: await consentOnRecord(context, user.id) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  return submitFormWithFiles(request, ComplaintDetailsSchema, { existingFiles: 0 }, async (details, files, formData) => {
    const consent = consentTickedIn(formData, request, context);
    const filed = await fileComplaint(context.services.domain, { customer: user, details, channel: "portal", files, consent });
    return redirect(`/portal/complaints/${filed.number}?filed=1`);
  });
}

export default function NewComplaint() {
  const t = useT();
  const { consent } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<Record<string, string>>({ id: "complaint", lastResult: actionData?.result });
  return (
    <section className="card narrow">
      <h1>{t("complaint.new_title")}</h1>
      <p>{t("complaint.new_intro")}</p>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <ComplaintFields fields={fields} />
        <FileField id="complaint-attachments" name="attachments" label={t("attachment.label")} errors={form.allErrors.attachments} />
        <ConsentField consent={consent} errors={form.allErrors.consent} filesOnly />
        <button type="submit" className="primary">
          {t("complaint.submit")}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint.new_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
