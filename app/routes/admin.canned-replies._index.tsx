import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { CannedReplyFields } from "../components/canned-reply-fields";
import { FormErrors } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { CannedReplySchema, createCannedReply, deleteCannedReply, findCannedReplies } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  return json({ replies: await findCannedReplies(context.services.domain) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireStaff(request, context, ["admin"]);
  const ctx = context.services.domain;
  const actorId = admin.user.id;
  const ActionSchema = z.discriminatedUnion("intent", [
    CannedReplySchema.extend({ intent: z.literal("create") }),
    z.object({ intent: z.literal("delete"), id: z.string().max(36) }),
  ]);
  return submitForm(request, ActionSchema, async (input) => {
    if (input.intent === "create") await createCannedReply(ctx, { actorId, title: input.title, textZh: input.textZh, textEn: input.textEn });
    else await deleteCannedReply(ctx, { actorId, id: input.id });
    return redirect("/admin/canned-replies");
  });
}

export default function CannedReplies() {
  const t = useT();
  const { replies } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const intent = actionData?.result.initialValue?.intent;
  const [form, fields] = useForm<{ title: string; textZh: string; textEn: string }>({
    id: "canned-reply-new",
    lastResult: intent === "create" ? actionData?.result : undefined,
  });
  return (
    <>
      <h1>{t("canned.title")}</h1>
      <p>{t("canned.intro")}</p>
      {intent === "delete" ? <FormErrors errors={actionData?.result.error?.[""] ?? undefined} /> : null}
      {replies.length === 0 ? (
        <p>{t("canned.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("canned.field_title")}</th>
              <th scope="col">{t("canned.text_zh")}</th>
              <th scope="col">{t("canned.text_en")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("canned.edit")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {replies.map((reply) => (
              <tr key={reply.id}>
                <td>{reply.title}</td>
                <td>{reply.textZh}</td>
                <td>{reply.textEn}</td>
                <td>
                  <Link to={reply.id} aria-label={t("canned.edit_named", { title: reply.title })}>
                    {t("canned.edit")}
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={reply.id} />
                    <button type="submit" className="button secondary" aria-label={t("canned.delete_named", { title: reply.title })}>
                      {t("canned.delete")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="card" aria-labelledby="add-title">
        <h2 id="add-title">{t("canned.add_title")}</h2>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="create" />
          <CannedReplyFields fields={fields} />
          <button type="submit" className="primary">
            {t("canned.add")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "canned.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
