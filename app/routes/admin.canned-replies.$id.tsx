import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { CannedReplyFields } from "../components/canned-reply-fields";
import { FormErrors } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { CannedReplySchema, getCannedReply, updateCannedReply } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const reply = await orErrorResponse(getCannedReply(context.services.domain, params.id ?? ""));
  return json({ reply: { title: reply.title, textZh: reply.textZh, textEn: reply.textEn } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const admin = await requireStaff(request, context, ["admin"]);
  return submitForm(request, CannedReplySchema, async (input) => {
    await updateCannedReply(context.services.domain, { actorId: admin.user.id, id: params.id ?? "", ...input });
    return redirect("/admin/canned-replies");
  });
}

export default function EditCannedReply() {
  const t = useT();
  const { reply } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [form, fields] = useForm<{ title: string; textZh: string; textEn: string }>({
    id: "canned-reply-edit",
    lastResult: actionData?.result,
    defaultValue: reply,
  });
  return (
    <>
      <p>
        <Link to="/admin/canned-replies">{t("canned.back")}</Link>
      </p>
      <h1>{t("canned.edit_title")}</h1>
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <CannedReplyFields fields={fields} />
        <button type="submit" className="primary">
          {t("canned.save")}
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "canned.edit_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
