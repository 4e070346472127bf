import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormErrors, TextAreaField } from "../components/forms";
import { AttachmentList } from "../components/request-parts";
import { isMessageKey } from "../i18n";
import { requireCustomer } from "../utils/auth.server";
import { CustomerReasonSchema } from "../../domain/complaints/complaint-schemas";
import { acceptResolution, disputeResolution, getCustomerComplaint, requestReview } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const DETAIL_FIELDS = ["whatHappened", "whenHappened", "product", "branch", "staffInvolved", "request"] as const;

const CustomerAnswerSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  CustomerReasonSchema.extend({ intent: z.literal("dispute") }),
  CustomerReasonSchema.extend({ intent: z.literal("review") }),
]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  // Ownership is part of the query: another customer's number is simply not found.
  const view = await orErrorResponse(getCustomerComplaint(context.services.domain, { customerId: user.id, number: params.number ?? "" }));
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return json({
    ...view,
    acceptedAt: view.acceptedAt.toISOString(),
    dueAt: view.dueAt.toISOString(),
    decidedAt: iso(view.decidedAt),
    answerBy: iso(view.answerBy),
    reviewBy: iso(view.reviewBy),
    details: DETAIL_FIELDS.flatMap((field) => (view.details[field] ? [{ field, value: view.details[field] }] : [])),
    events: view.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const number = params.number ?? "";
  return submitForm(request, CustomerAnswerSchema, async (input) => {
    const ctx = context.services.domain;
    const customerId = user.id;
    if (input.intent === "accept") await acceptResolution(ctx, { customerId, number });
    if (input.intent === "dispute") await disputeResolution(ctx, { customerId, number, reason: input.reason });
    if (input.intent === "review") {
      const review = await requestReview(ctx, { customerId, number, reason: input.reason });
      return redirect(`/portal/complaints/${review.number}?answered=${input.intent}`);
    }
    return redirect(`/portal/complaints/${number}?answered=${input.intent}`);
  });
}

export default function CustomerComplaint() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const [searchParams] = useSearchParams();
  const [disputeForm, disputeFields] = useForm<{ intent: string; reason: string }>({ id: "dispute", lastResult: actionData?.result });
  const [reviewForm, reviewFields] = useForm<{ intent: string; reason: string }>({ id: "review", lastResult: actionData?.result });
  const answered = searchParams.get("answered");
  return (
    <>
      {searchParams.get("filed") ? (
        <p className="notice" role="status">
          {t("complaint.filed_notice", { number: data.number })}
        </p>
      ) : null}
      {answered === "accept" || answered === "dispute" || answered === "review" ? (
        <p className="notice" role="status">
          {t(`complaint.answered.${answered}`)}
        </p>
      ) : null}
      <h1>
        {t(`complaint.category.${data.category}`)} · {data.number}
      </h1>
      <section className="card" aria-label={t("complaint.status_label")}>
        <dl className="facts">
          <dt>{t("complaint.number")}</dt>
          <dd>{data.number}</dd>
          <dt>{t("complaint.status_label")}</dt>
          <dd>
            <span className="status">{t(`complaint.status.${data.status}`)}</span>
          </dd>
          <dt>{t("complaint.business_line_label")}</dt>
          <dd>{t(`complaint.business_line.${data.businessLine}`)}</dd>
          <dt>{t("complaint.accepted_at")}</dt>
          <dd>{formatDateTime(data.acceptedAt, locale)}</dd>
          {data.decidedAt ? (
            <>
              <dt>{t("complaint.decided_at")}</dt>
              <dd>{formatDateTime(data.decidedAt, locale)}</dd>
            </>
          ) : (
            <>
              <dt>{t("complaint.due")}</dt>
              <dd>{formatDateTime(data.dueAt, locale)}</dd>
            </>
          )}
          {data.reopenCount > 0 ? (
            <>
              <dt>{t("complaint.reopen_count")}</dt>
              <dd>{data.reopenCount}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {data.resolution ? (
        <section className="card" aria-labelledby="resolution-title">
          <h2 id="resolution-title">{t("complaint.resolution_title")}</h2>
          <h3>{t("complaint.resolution_response")}</h3>
          <blockquote className="prewrap">{data.resolution.response}</blockquote>
          <h3>{t("complaint.resolution_remedy")}</h3>
          <p className="prewrap">{data.resolution.remedy}</p>
          {data.canAnswer ? (
            <>
              {data.answerBy ? <p className="hint">{t("complaint.answer_by", { date: formatDateTime(data.answerBy, locale) })}</p> : null}
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="accept" />
                <button type="submit" className="primary">
                  {t("complaint.accept")}
                </button>
              </Form>
              <Form method="post" {...getFormProps(disputeForm)}>
                <FormErrors id={disputeForm.errorId} errors={disputeForm.errors} />
                <input type="hidden" name="intent" value="dispute" />
                <TextAreaField label={t("complaint.dispute_reason")} meta={disputeFields.reason!} />
                <button type="submit" className="button secondary">
                  {t("complaint.dispute")}
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
      {data.reviewBy ? (
        <section className="card" aria-labelledby="review-title">
          <h2 id="review-title">{t("complaint.review_title")}</h2>
          <p className="hint">{t("complaint.review_intro", { date: formatDateTime(data.reviewBy, locale) })}</p>
          <Form method="post" {...getFormProps(reviewForm)}>
            <FormErrors id={reviewForm.errorId} errors={reviewForm.errors} />
            <input type="hidden" name="intent" value="review" />
            <TextAreaField label={t("complaint.review_reason")} meta={reviewFields.reason!} />
            <button type="submit" className="button secondary">
              {t("complaint.review_submit")}
            </button>
          </Form>
        </section>
      ) : null}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("complaint.timeline")}</h2>
        <ol className="timeline">
          {data.events.map((event) => {
            const key = `complaint.event.${event.kind}`;
            return (
              <li key={event.id}>
                <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
                <strong>
                  {isMessageKey(key)
                    ? t(key, { due: event.dueAt ? formatDateTime(event.dueAt, locale) : "", number: event.reviewOf ?? "" })
                    : t("complaint.event.updated")}
                </strong>
                {event.body ? <blockquote className="prewrap">{event.body}</blockquote> : null}
              </li>
            );
          })}
        </ol>
      </section>
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("complaint.details")}</h2>
        <dl className="facts">
          {data.details.map((row) => (
            <div key={row.field} className="contents">
              <dt>{t(`complaint.field.${row.field}`)}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
        <AttachmentList attachments={data.attachments} hrefOf={(id) => `/portal/complaints/${data.number}/files/${id}`} />
      </section>
      <p>
        <Link to="/portal/complaints">{t("complaint.list_title")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint.list_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
