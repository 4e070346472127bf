import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FileField, FormErrors, TextAreaField } from "../components/forms";
import { AttachmentList, DetailList, StatusBadge, TimelineCard } from "../components/request-parts";
import { requireCustomer } from "../utils/auth.server";
import { canTransition, getCustomerRequest, isUndecided, provideInformation, withdrawRequest } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { submitFormWithFiles, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const CustomerActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("answer"),
    answer: z.string({ error: "error.required" }).trim().min(1, "error.required").max(2000, "error.too_long"),
  }),
  z.object({ intent: z.literal("withdraw") }),
]);

async function load(request: Request, context: LoaderFunctionArgs["context"], number: string | undefined) {
  const { user } = await requireCustomer(request, context);
  // Ownership is part of the query: another customer's number is simply not found.
  const view = await orErrorResponse(getCustomerRequest(context.services.domain, { customerId: user.id, number: number ?? "" }));
  return { user, view };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { view } = await load(request, context, params.number);
  const { request: r } = view;
  return json({
    number: r.number,
    type: r.type,
    status: r.status,
    submittedAt: r.submittedAt.toISOString(),
    dueAt: r.dueAt?.toISOString() ?? null,
    details: view.details,
    events: view.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    attachments: view.attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    canAnswer: canTransition(r.status, "provide_info"),
    canWithdraw: isUndecided(r.status),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, view } = await load(request, context, params.number);
  const existingFiles = view.attachments.length;
  return submitFormWithFiles(request, CustomerActionSchema, { existingFiles }, async (input, files) => {
    const ctx = context.services.domain;
    if (input.intent === "answer") {
      await provideInformation(ctx, { customer: user, requestId: view.request.id, answer: input.answer, files });
    } else {
      await withdrawRequest(ctx, { customer: user, requestId: view.request.id });
    }
    return redirect(`/portal/requests/${view.request.number}`);
  });
}

export default function CustomerRequest() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [searchParams] = useSearchParams();
  const [answerForm, answerFields] = useForm<{ intent: string; answer: string }>({ id: "answer", lastResult: actionData?.result });
  return (
    <>
      {searchParams.get("submitted") ? (
        <p className="notice" role="status">
          {t("request.submitted_notice", { number: data.number })}
        </p>
      ) : null}
      <h1>
        {t(`request.type.${data.type}`)} · {data.number}
      </h1>
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title" className="visually-hidden">
          {t("request.status")}
        </h2>
        <dl className="facts">
          <dt>{t("request.number")}</dt>
          <dd>{data.number}</dd>
          <dt>{t("request.status")}</dt>
          <dd>
            <StatusBadge status={data.status} />
          </dd>
          <dt>{t("request.submitted_at")}</dt>
          <dd>{formatDateTime(data.submittedAt, locale)}</dd>
          <dt>{t("request.due")}</dt>
          <dd>{data.dueAt ? formatDateTime(data.dueAt, locale) : t("request.due_pending")}</dd>
        </dl>
      </section>
      {data.canAnswer ? (
        <section className="card" aria-labelledby="answer-title">
          <h2 id="answer-title">{t("request.answer_title")}</h2>
          <Form method="post" encType="multipart/form-data" {...getFormProps(answerForm)}>
            <FormErrors id={answerForm.errorId} errors={answerForm.errors} />
            <input type="hidden" name="intent" value="answer" />
            <TextAreaField label={t("request.answer")} meta={answerFields.answer!} />
            <FileField id="answer-attachments" name="attachments" label={t("attachment.label")} errors={answerForm.allErrors.attachments} />
            <button type="submit" className="primary">
              {t("request.answer_submit")}
            </button>
          </Form>
        </section>
      ) : null}
      <TimelineCard events={data.events} />
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("request.details")}</h2>
        <p className="hint">{t("request.masked_note")}</p>
        <DetailList rows={data.details} />
        <AttachmentList attachments={data.attachments} />
      </section>
      {data.canWithdraw ? (
        <Form method="post" encType="multipart/form-data" className="actions">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="button secondary">
            {t("request.withdraw")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "request.list_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
