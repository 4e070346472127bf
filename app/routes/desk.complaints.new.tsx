import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CustomerLookupSchema, onBehalfChannels, OnBehalfComplaintSchema } from "../../domain/complaints/complaint-desk-schemas";
import { ComplaintFields } from "../components/complaint-fields";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormErrors, SelectField } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { COMPLAINT_INTAKE_ROLES, fileComplaintOnBehalf, findCustomerForComplaint, isAppError, PRIVACY_NOTICE_VERSION } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

/**
 * An agent takes a complaint down for a customer on the phone, at the counter or from their
 * email: first the customer is found by email or mobile (shown masked, to confirm with them),
 * then the complaint is filed in their name with the agent recorded as the one who took it.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, COMPLAINT_INTAKE_ROLES);
  const query = CustomerLookupSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return json({ query: null, found: null, notFound: false, noticeVersion: PRIVACY_NOTICE_VERSION });
  try {
    const found = await findCustomerForComplaint(context.services.domain, {
      actor: { userId: viewer.user.id, roles: viewer.roles },
      customer: query.data.customer,
    });
    return json({ query: query.data.customer, found, notFound: false, noticeVersion: PRIVACY_NOTICE_VERSION });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return json({ query: query.data.customer, found: null, notFound: true, noticeVersion: PRIVACY_NOTICE_VERSION });
    throw error;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireStaff(request, context, COMPLAINT_INTAKE_ROLES);
  return submitForm(request, OnBehalfComplaintSchema, async ({ customer, channel, verbalConsent, ...details }) => {
    const filed = await fileComplaintOnBehalf(context.services.domain, {
      actor: { userId: viewer.user.id, roles: viewer.roles },
      customer,
      channel,
      details,
      verbalConsent,
    });
    return redirect(`/desk/complaints/${filed.number}?filed=1`);
  });
}

export default function NewDeskComplaint() {
  const t = useT();
  const { query, found, notFound, noticeVersion } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<Record<string, string>>({ id: "desk-complaint", lastResult: actionData?.result });
  return (
    <section className="card narrow">
      <h1>{t("complaint_desk.new_title")}</h1>
      <p>{t("complaint_desk.new_intro")}</p>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="find-customer">{t("complaint_desk.field.customer")}</label>
          <input id="find-customer" name="customer" defaultValue={query ?? ""} autoComplete="off" aria-describedby={notFound ? "find-customer-error" : undefined} />
          {notFound ? (
            <p id="find-customer-error" className="field-errors" role="alert">
              {t("complaint_desk.customer_not_found")}
            </p>
          ) : null}
        </div>
        <button type="submit">{t("complaint_desk.find_customer")}</button>
      </Form>
      {found && query ? (
        <>
          <p className="notice" role="status">
            {t("complaint_desk.customer_found", { name: found.name, email: found.email, mobile: found.mobile || "—" })}
          </p>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="customer" value={query} />
            {fields.customer?.errors ? <FormErrors errors={fields.customer.errors} /> : null}
            <SelectField
              label={t("complaint_desk.field.channel")}
              meta={fields.channel!}
              options={onBehalfChannels.map((c) => ({ value: c, label: t(`complaint_desk.channel.${c}`) }))}
            />
            <ComplaintFields fields={fields} />
            <p>
              <Link to="/privacy-notice" target="_blank">
                {t("consent.read_notice", { version: noticeVersion })}
              </Link>
            </p>
            <label className="checkbox">
              <input type="checkbox" name={fields.verbalConsent!.name} />
              {t("consent.verbal", { version: noticeVersion })}
            </label>
            <button type="submit" className="primary">
              {t("complaint_desk.new_submit")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint_desk.new_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
