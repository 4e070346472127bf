import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FieldErrors } from "../components/forms";
import { QualityNav } from "../components/quality-nav";
import { requireStaff } from "../utils/auth.server";
import {
  assignFollowUp,
  closeFollowUp,
  findFollowUps,
  findQualityReviewers,
  noteFollowUp,
  QUALITY_READ_ROLES,
  QUALITY_REVIEW_ROLES,
} from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT, useTranslateMessage } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const text = z.string({ error: "error.required" }).trim().min(1, "error.required").max(2000, "error.too_long");
const id = z.uuid({ error: "quality_review.follow_up_not_found" });

// Each follow-up's three steps; the domain re-checks the role, the state and the assignee.
const FollowUpActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), id, assigneeId: z.uuid({ error: "quality_review.assignee_invalid" }) }),
  z.object({ intent: z.literal("note"), id, note: text }),
  z.object({ intent: z.literal("close"), id, action: text }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_READ_ROLES);
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const ctx = context.services.domain;
  const canWork = viewer.roles.some((r) => QUALITY_REVIEW_ROLES.includes(r));
  const followUps = await orErrorResponse(findFollowUps(ctx, { actor }));
  return json(
    {
      canWork,
      reviewers: canWork ? await findQualityReviewers(ctx, { actor }) : [],
      followUps: followUps.map((f) => ({ ...f, createdAt: f.createdAt.toISOString(), closedAt: f.closedAt?.toISOString() ?? null })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireStaff(request, context, QUALITY_READ_ROLES);
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  return submitForm(request, FollowUpActionSchema, async (input) => {
    const ctx = context.services.domain;
    if (input.intent === "assign") await assignFollowUp(ctx, { actor, id: input.id, assigneeId: input.assigneeId });
    else if (input.intent === "note") await noteFollowUp(ctx, { actor, id: input.id, note: input.note });
    else await closeFollowUp(ctx, { actor, id: input.id, action: input.action });
    return redirect(`/quality/follow-ups#follow-up-${input.id}`);
  });
}

export default function FollowUps() {
  const t = useT();
  const locale = useLocale();
  const translate = useTranslateMessage();
  const { canWork, reviewers, followUps } = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const failed = actionData?.result.initialValue as { id?: string; intent?: string } | undefined;
  const errorsFor = (followUpId: string, intent: string, field: string) =>
    failed?.id === followUpId && failed.intent === intent ? actionData?.result.error?.[field]?.map((e) => translate(e) ?? e) : undefined;
  return (
    <>
      <QualityNav />
      <h1>{t("quality_review.follow_ups_title")}</h1>
      <p>{t("quality_review.follow_ups_intro")}</p>
      {canWork ? null : <p className="hint">{t("quality_review.read_only")}</p>}
      {followUps.length === 0 ? <p>{t("quality_review.follow_ups_empty")}</p> : null}
      {followUps.map((f) => (
        <section key={f.id} id={`follow-up-${f.id}`} className="card" aria-labelledby={`follow-up-${f.id}-title`}>
          <h2 id={`follow-up-${f.id}-title`}>
            {t(`quality_review.subject.${f.subjectType}`)}
            {f.number ? ` ${f.number}` : null} · {t("quality_review.score_value", { score: f.rating })} ·{" "}
            <span className="status">{t(`quality_review.follow_up_status.${f.status}`)}</span>
          </h2>
          <p>
            {t("quality_review.opened_at", { date: formatDateTime(f.createdAt, locale) })} ·{" "}
            <Link to={`/quality/surveys/${f.surveyAnswerId}`}>{t("quality_review.open_survey")}</Link>
          </p>
          <dl className="facts">
            <dt>{t("quality_review.assignee")}</dt>
            <dd>{f.assigneeName ?? t("quality_review.unassigned")}</dd>
            {f.note ? (
              <>
                <dt>{t("quality_review.follow_up_note")}</dt>
                <dd className="prewrap">{f.note}</dd>
              </>
            ) : null}
            {f.action ? (
              <>
                <dt>{t("quality_review.action_label")}</dt>
                <dd className="prewrap">{f.action}</dd>
              </>
            ) : null}
          </dl>
          {f.status === "closed" && f.closedAt ? (
            <p className="hint">{t("quality_review.closed_by", { date: formatDateTime(f.closedAt, locale), name: f.closedByName ?? "" })}</p>
          ) : null}
          {canWork && f.status === "open" ? (
            <>
              <Form method="post" className="filters">
                <input type="hidden" name="intent" value="assign" />
                <input type="hidden" name="id" value={f.id} />
                <div className="field">
                  <label htmlFor={`assignee-${f.id}`}>{t("quality_review.assignee")}</label>
                  <select id={`assignee-${f.id}`} name="assigneeId" defaultValue={f.assigneeId ?? ""} required>
                    <option value="">{t("quality_review.unassigned")}</option>
                    {reviewers.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                  <FieldErrors errors={errorsFor(f.id, "assign", "assigneeId")} />
                </div>
                <button type="submit">{t("quality_review.assign_submit")}</button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="note" />
                <input type="hidden" name="id" value={f.id} />
                <div className="field">
                  <label htmlFor={`note-${f.id}`}>{t("quality_review.follow_up_note")}</label>
                  <textarea id={`note-${f.id}`} name="note" rows={3} maxLength={2000} required defaultValue={f.note ?? ""} />
                  <FieldErrors errors={errorsFor(f.id, "note", "note")} />
                </div>
                <button type="submit">{t("quality_review.note_submit")}</button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="close" />
                <input type="hidden" name="id" value={f.id} />
                <div className="field">
                  <label htmlFor={`action-${f.id}`}>{t("quality_review.action_label")}</label>
                  <textarea id={`action-${f.id}`} name="action" rows={3} maxLength={2000} required />
                  <FieldErrors errors={errorsFor(f.id, "close", "action")} />
                </div>
                <button type="submit" className="primary">
                  {t("quality_review.close_submit")}
                </button>
              </Form>
              <FieldErrors errors={failed?.id === f.id ? actionData?.result.error?.[""]?.map((e) => translate(e) ?? e) : undefined} />
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "quality_review.follow_ups_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
