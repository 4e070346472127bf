import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { surveyTags } from "../../db/schema/enums";
import { DeskComplaintTimeline } from "../components/complaint-desk-parts";
import { Transcript } from "../components/desk-chat-panel";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FieldErrors } from "../components/forms";
import { RevealForm } from "../components/reveal-parts";
import { QualityNav } from "../components/quality-nav";
import { Timeline } from "../components/request-parts";
import { requireStaff } from "../utils/auth.server";
import { getQualitySurvey, QUALITY_READ_ROLES, revealSurveyCustomer, reviewSurvey } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT, useTranslateMessage } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

// The domain checks the reviewer's role again and the note's length.
const SurveyActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("review"),
    tags: z.array(z.enum(surveyTags)).default([]),
    note: z.string().trim().max(2000, "error.too_long").optional(),
  }),
  // The reason is checked by the domain (RevealReasonSchema), which records it before showing anything.
  z.object({ intent: z.literal("reveal"), reason: z.string().optional(), note: z.string().optional() }),
]);

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_READ_ROLES);
  const view = await orErrorResponse(getQualitySurvey(context.services.domain, { actor: { userId: viewer.user.id, roles: viewer.roles }, id: params.id ?? "" }));
  const c = view.context;
  return json(
    {
      answer: { ...view.answer, answeredAt: view.answer.answeredAt.toISOString() },
      invitation: { ...view.invitation, sentAt: view.invitation.sentAt.toISOString() },
      customer: view.customer,
      review: view.review ? { ...view.review, reviewedAt: view.review.reviewedAt.toISOString() } : null,
      followUp: view.followUp ? { ...view.followUp, closedAt: iso(view.followUp.closedAt) } : null,
      context:
        c === null
          ? null
          : c.kind === "request"
            ? { kind: c.kind, number: c.number, type: c.type, status: c.status, events: c.events.map((e) => ({ ...e, at: e.at.toISOString() })) }
            : c.kind === "chat"
              ? { kind: c.kind, messages: c.messages }
              : {
                  kind: c.kind,
                  number: c.number,
                  file: c.file
                    ? { ...c.file, events: c.file.events.map((e) => ({ ...e, at: e.at.toISOString(), dueAt: e.dueAt ?? null })) }
                    : null,
                },
      canReview: view.canReview,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type ActionData = FormReply | { revealed: { name: string | null; mobile: string | null } };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_READ_ROLES);
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const id = params.id ?? "";
  return submitForm(request, SurveyActionSchema, async (input) => {
    const ctx = context.services.domain;
    if (input.intent === "reveal") {
      const revealed = await revealSurveyCustomer(ctx, { actor, id, reason: { reason: input.reason, note: input.note } });
      // Shown on this response only: nothing is stored, the next visit is masked again.
      return json({ revealed }, { headers: { "Cache-Control": "private, no-store" } });
    }
    await reviewSurvey(ctx, { actor, id, tags: input.tags, note: input.note ?? null });
    return redirect(`/quality/surveys/${id}`);
  });
}

export default function SurveyAnswer() {
  const t = useT();
  const locale = useLocale();
  const translate = useTranslateMessage();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const revealed = actionData && "revealed" in actionData ? actionData.revealed : null;
  const reply = actionData && "result" in actionData ? actionData.result : null;
  const revealErrors = reply?.initialValue?.intent === "reveal" ? (reply.error ?? {}) : {};
  const errors = reply && reply.initialValue?.intent !== "reveal" ? (reply.error ?? {}) : {};
  const messages = (field: string) => errors[field]?.map((e) => translate(e) ?? e);
  const { answer, invitation, customer, review, followUp, context } = data;
  return (
    <>
      <QualityNav />
      <p>
        <Link to="/quality/surveys">{t("quality_review.back_to_list")}</Link>
      </p>
      <h1>{t("quality_review.detail_title")}</h1>
      {data.canReview ? null : <p className="hint">{t("quality_review.read_only")}</p>}
      <FieldErrors errors={messages("")} />

      <section className="card" aria-labelledby="answer-title">
        <h2 id="answer-title">{t("quality_review.answer_title")}</h2>
        <dl className="facts">
          <dt>{t("quality_review.column.subject")}</dt>
          <dd>{t(`quality_review.subject.${answer.subjectType}`)}</dd>
          <dt>{t("quality_review.column.channel")}</dt>
          <dd>{t(`complaint_desk.channel.${invitation.channel}`)}</dd>
          <dt>{t("quality_review.column.agent")}</dt>
          <dd>{invitation.agentName ?? t("quality_review.none")}</dd>
          <dt>{t("quality_review.column.branch")}</dt>
          <dd>{invitation.branch ?? t("quality_review.none")}</dd>
          <dt>{t("quality_review.sent_at")}</dt>
          <dd>{formatDateTime(invitation.sentAt, locale)}</dd>
          <dt>{t("quality_review.column.answeredAt")}</dt>
          <dd>{formatDateTime(answer.answeredAt, locale)}</dd>
          <dt>{t("quality_review.column.score")}</dt>
          <dd>{t("quality_review.score_value", { score: answer.rating })}</dd>
          <dt>{t("quality_review.column.resolved")}</dt>
          <dd>{answer.resolved === null ? t("quality_review.not_asked") : answer.resolved ? t("quality_review.yes") : t("quality_review.no")}</dd>
          <dt>{t("quality_review.column.comment")}</dt>
          <dd className="prewrap">{answer.comment ?? t("quality_review.comment_none")}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="customer-title">
        <h2 id="customer-title">{t("quality_review.customer_title")}</h2>
        {customer ? (
          <>
            <dl className="facts">
              <dt>{t("quality_review.customer_name")}</dt>
              <dd>{revealed?.name ?? customer.name}</dd>
              <dt>{t("quality_review.customer_mobile")}</dt>
              <dd>{revealed?.mobile ?? customer.mobile ?? t("quality_review.none")}</dd>
            </dl>
            {revealed ? <p className="hint">{t("quality_review.revealed")}</p> : null}
            {data.canReview && !revealed ? (
              <RevealForm kinds={["name", "mobile"]} errors={revealErrors} />
            ) : null}
          </>
        ) : (
          <p>{t("quality_review.customer_visitor")}</p>
        )}
      </section>

      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">{t("quality_review.review_title")}</h2>
        {review ? <p className="hint">{t("quality_review.reviewed_at", { date: formatDateTime(review.reviewedAt, locale) })}</p> : null}
        {data.canReview ? (
          <Form method="post">
            <input type="hidden" name="intent" value="review" />
            <fieldset>
              <legend>{t("quality_review.tags_legend")}</legend>
              {surveyTags.map((tag) => (
                <label key={tag} className="checkbox">
                  <input type="checkbox" name="tags" value={tag} defaultChecked={review?.tags.includes(tag) ?? false} />
                  {t(`quality_review.tag.${tag}`)}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="review-note">{t("quality_review.note_label")}</label>
              <p id="review-note-hint" className="hint">
                {t("quality_review.note_hint")}
              </p>
              <textarea id="review-note" name="note" rows={4} maxLength={2000} defaultValue={review?.note ?? ""} aria-describedby="review-note-hint" />
              <FieldErrors errors={messages("note")} />
            </div>
            <button type="submit" className="primary">
              {t("quality_review.review_submit")}
            </button>
          </Form>
        ) : review ? (
          <dl className="facts">
            <dt>{t("quality_review.tags_legend")}</dt>
            <dd>{review.tags.map((tag) => t(`quality_review.tag.${tag}`)).join(", ") || t("quality_review.none")}</dd>
            <dt>{t("quality_review.note_label")}</dt>
            <dd className="prewrap">{review.note ?? t("quality_review.none")}</dd>
          </dl>
        ) : null}
      </section>

      <section className="card" aria-labelledby="follow-up-title">
        <h2 id="follow-up-title">{t("quality_review.follow_up_title")}</h2>
        {followUp ? (
          <>
            <dl className="facts">
              <dt>{t("quality_review.column.followUp")}</dt>
              <dd>{t(`quality_review.follow_up_status.${followUp.status}`)}</dd>
              <dt>{t("quality_review.assignee")}</dt>
              <dd>{followUp.assigneeName ?? t("quality_review.unassigned")}</dd>
              {followUp.note ? (
                <>
                  <dt>{t("quality_review.follow_up_note")}</dt>
                  <dd className="prewrap">{followUp.note}</dd>
                </>
              ) : null}
              {followUp.action ? (
                <>
                  <dt>{t("quality_review.action_label")}</dt>
                  <dd className="prewrap">{followUp.action}</dd>
                </>
              ) : null}
            </dl>
            <p>
              <Link to={`/quality/follow-ups#follow-up-${followUp.id}`}>{t("quality_review.follow_up_link")}</Link>
            </p>
          </>
        ) : (
          <p>{t("quality_review.follow_up_none")}</p>
        )}
      </section>

      <section className="card" aria-labelledby="context-title">
        <h2 id="context-title">{t("quality_review.context_title")}</h2>
        {context === null ? (
          <p>{t("quality_review.context_missing")}</p>
        ) : context.kind === "request" ? (
          <>
            <h3>{t("quality_review.context_request", { number: context.number })}</h3>
            <p>
              {t(`request.type.${context.type}`)} · <span className="status">{t(`request.status.${context.status}`)}</span>
            </p>
            <Timeline events={context.events} />
          </>
        ) : context.kind === "chat" ? (
          <>
            <h3>{t("quality_review.context_chat")}</h3>
            <Transcript messages={context.messages} pending={[]} customer={t("quality_review.customer_in_chat")} />
          </>
        ) : (
          <>
            <h3>{t("quality_review.context_complaint", { number: context.number })}</h3>
            {context.file ? (
              <>
                <p>
                  {t(`complaint.category.${context.file.category}`)} · <span className="status">{t(`complaint_desk.status.${context.file.status}`)}</span>
                </p>
                <p className="prewrap">{context.file.whatHappened}</p>
                <p>
                  <Link to={`/desk/complaints/${context.number}`}>{t("quality_review.open_complaint")}</Link>
                </p>
                {context.file.messages.length > 0 ? <Transcript messages={context.file.messages} pending={[]} customer={t("quality_review.customer_in_chat")} /> : null}
                <DeskComplaintTimeline events={context.file.events} />
              </>
            ) : (
              <p>{t("quality_review.complaint_restricted")}</p>
            )}
          </>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "quality_review.detail_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
