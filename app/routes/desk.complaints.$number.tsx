import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { complaintSeverities } from "../../db/schema/enums";
import { ComplaintDeskActionSchema, complaintNoteKinds } from "../../domain/complaints/complaint-desk-schemas";
import { ComplaintDeadline, DeskComplaintTimeline } from "../components/complaint-desk-parts";
import { Transcript } from "../components/desk-chat-panel";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormErrors, SelectField, TextAreaField } from "../components/forms";
import type { MessageKey } from "../i18n";
import { requireStaff } from "../utils/auth.server";
import {
  addComplaintNote,
  assignInvestigator,
  changeComplaintSeverity,
  COMPLAINT_READ_ROLES,
  decideResolution,
  extendDeadline,
  getDeskComplaint,
  proposeResolution,
} from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const DETAIL_FIELDS = ["whatHappened", "whenHappened", "product", "branch", "staffInvolved", "request"] as const;


async function viewer(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user, roles } = await requireStaff(request, context, COMPLAINT_READ_ROLES);
  return { userId: user.id, roles };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await viewer(request, context);
  const view = await orErrorResponse(getDeskComplaint(context.services.domain, { actor, number: params.number ?? "" }));
  const { complaint } = view;
  return json(
    {
      complaint: {
        ...complaint,
        acceptedAt: complaint.acceptedAt.toISOString(),
        dueAt: complaint.dueAt.toISOString(),
        decidedAt: complaint.decidedAt?.toISOString() ?? null,
        archivedAt: complaint.archivedAt?.toISOString() ?? null,
      },
      deadline: view.deadline,
      customer: view.customer,
      details: DETAIL_FIELDS.flatMap((field) => (view.details[field] ? [{ field, value: view.details[field] }] : [])),
      resolution: view.resolution,
      attachments: view.attachments,
      messages: view.messages,
      events: view.events.map((e) => ({ ...e, at: e.at.toISOString() })),
      actions: view.actions,
      fourEyesBlocked: view.fourEyesBlocked,
      investigators: view.investigators,
      extensionChoices: view.extensionChoices,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await viewer(request, context);
  const number = params.number ?? "";
  // Someone who may not read the complaint learns nothing more from posting to it.
  await orErrorResponse(getDeskComplaint(context.services.domain, { actor, number }));
  return submitForm(request, ComplaintDeskActionSchema, async (input) => {
    const ctx = context.services.domain;
    switch (input.intent) {
      case "assign":
        await assignInvestigator(ctx, { actor, number, investigatorId: input.investigatorId });
        break;
      case "note":
        await addComplaintNote(ctx, { actor, number, noteKind: input.noteKind, text: input.text, shared: input.shared });
        break;
      case "propose":
        await proposeResolution(ctx, { actor, number, remedy: input.remedy, response: input.response });
        break;
      case "approve":
        await decideResolution(ctx, { actor, number, decision: "approve" });
        break;
      case "reject":
        await decideResolution(ctx, { actor, number, decision: "reject", reason: input.reason });
        break;
      case "extend":
        await extendDeadline(ctx, { actor, number, totalDays: input.totalDays, reason: input.reason });
        break;
      case "severity":
        await changeComplaintSeverity(ctx, { actor, number, severity: input.severity });
        break;
    }
    return redirect(`/desk/complaints/${number}?done=${input.intent}`);
  });
}

type Fields = Record<"intent" | "investigatorId" | "noteKind" | "text" | "shared" | "remedy" | "response" | "reason" | "totalDays" | "severity", string>;

function ActionForm({ intent, lastResult, children }: { intent: string; lastResult?: FormReply["result"]; children?: (fields: ReturnType<typeof useForm<Fields>>[1]) => React.ReactNode }) {
  const t = useT();
  const [form, fields] = useForm<Fields>({
    id: `complaint-${intent}`,
    lastResult: lastResult?.initialValue?.intent === intent ? lastResult : undefined,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <h3>{t(`complaint_desk.action.${intent}` as MessageKey)}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {children?.(fields)}
      <button type="submit" className="primary">
        {t(`complaint_desk.submit.${intent}` as MessageKey)}
      </button>
    </Form>
  );
}

export default function DeskComplaint() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const { complaint } = data;
  const lastResult = actionData?.result;
  const can = (action: (typeof data.actions)[number]) => data.actions.includes(action);
  const [searchParams] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/desk/complaints">{t("complaint_desk.queue_title")}</Link>
      </p>
      <h1>
        {t(`complaint.category.${complaint.category}`)} · {complaint.number}
      </h1>
      {searchParams.get("filed") ? (
        <p className="notice" role="status">
          {t("complaint_desk.filed_notice", { number: complaint.number })}
        </p>
      ) : searchParams.get("done") && !actionData ? (
        <p className="notice" role="status">
          {t("desk.done")}
        </p>
      ) : null}
      {complaint.archivedAt ? (
        <p className="notice" role="status">
          {t("complaint_desk.archived_notice", { date: formatDateTime(complaint.archivedAt, locale) })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">
          {t("desk.customer")}: {data.customer.name}
        </h2>
        <dl className="facts">
          <dt>{t("complaint_desk.mobile")}</dt>
          <dd>{data.customer.mobile || "—"}</dd>
          <dt>{t("complaint.status_label")}</dt>
          <dd>
            <span className="status">{t(`complaint_desk.status.${complaint.status}`)}</span>
          </dd>
          <dt>{t("complaint_desk.channel_label")}</dt>
          <dd>{t(`complaint_desk.channel.${complaint.channel}`)}</dd>
          <dt>{t("complaint.business_line_label")}</dt>
          <dd>{t(`complaint.business_line.${complaint.businessLine}`)}</dd>
          <dt>{t("complaint_desk.severity_label")}</dt>
          <dd>{t(`complaint_desk.severity.${complaint.severity}`)}</dd>
          <dt>{t("complaint.accepted_at")}</dt>
          <dd>{formatDateTime(complaint.acceptedAt, locale)}</dd>
          <dt>{t("complaint.due")}</dt>
          <dd>
            <ComplaintDeadline dueAt={complaint.dueAt} slaState={data.deadline.slaState} msLeft={data.deadline.msLeft} />{" "}
            ({t("complaint_desk.allowance", { days: complaint.allowanceDays })})
          </dd>
          {complaint.decidedAt ? (
            <>
              <dt>{t("complaint.decided_at")}</dt>
              <dd>{formatDateTime(complaint.decidedAt, locale)}</dd>
            </>
          ) : null}
          <dt>{t("complaint_desk.investigator")}</dt>
          <dd>{complaint.investigatorName ?? t("complaint_desk.unassigned")}</dd>
          {complaint.firstInvestigatorName && complaint.firstInvestigatorName !== complaint.investigatorName ? (
            <>
              <dt>{t("complaint_desk.first_investigator")}</dt>
              <dd>{complaint.firstInvestigatorName}</dd>
            </>
          ) : null}
          <dt>{t("complaint.reopen_count")}</dt>
          <dd>{complaint.reopenCount}</dd>
          {complaint.reviewOf ? (
            <>
              <dt>{t("complaint_desk.review_of")}</dt>
              <dd>
                <Link to={`/desk/complaints/${complaint.reviewOf}`}>{complaint.reviewOf}</Link>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      {data.resolution ? (
        <section className="card" aria-labelledby="resolution-title">
          <h2 id="resolution-title">{t(complaint.decidedAt && complaint.status !== "resolution_proposed" ? "complaint_desk.resolution_sent_title" : "complaint_desk.resolution_title")}</h2>
          {complaint.proposedByName ? <p>{t("complaint_desk.proposed_by", { name: complaint.proposedByName })}</p> : null}
          <dl className="facts">
            <dt>{t("complaint.resolution_remedy")}</dt>
            <dd className="prewrap">{data.resolution.remedy}</dd>
            <dt>{t("complaint.resolution_response")}</dt>
            <dd className="prewrap">{data.resolution.response}</dd>
          </dl>
        </section>
      ) : null}

      {data.actions.length > 0 || data.fourEyesBlocked ? (
        // Keyed by the timeline's length: after each step the forms start empty again.
        <section key={data.events.length} className="action-forms" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("desk.actions")}</h2>
          {data.fourEyesBlocked ? (
            <p className="notice" role="note">
              {t("complaint_desk.four_eyes")}
            </p>
          ) : null}
          {can("assign") ? (
            <ActionForm intent="assign" lastResult={lastResult}>
              {(fields) => (
                <SelectField
                  label={t("complaint_desk.field.investigator")}
                  meta={fields.investigatorId!}
                  options={data.investigators.map((i) => ({ value: i.id, label: i.name }))}
                />
              )}
            </ActionForm>
          ) : null}
          {can("approve") ? <ActionForm intent="approve" lastResult={lastResult} /> : null}
          {can("reject") ? (
            <ActionForm intent="reject" lastResult={lastResult}>
              {(fields) => <TextAreaField label={t("complaint_desk.field.reject_reason")} meta={fields.reason!} rows={3} />}
            </ActionForm>
          ) : null}
          {can("propose") ? (
            <ActionForm intent="propose" lastResult={lastResult}>
              {(fields) => (
                <>
                  <TextAreaField label={t("complaint_desk.field.remedy")} meta={fields.remedy!} rows={3} />
                  <TextAreaField label={t("complaint_desk.field.response")} meta={fields.response!} rows={6} />
                </>
              )}
            </ActionForm>
          ) : null}
          {can("note") ? (
            <ActionForm intent="note" lastResult={lastResult}>
              {(fields) => (
                <>
                  <SelectField
                    label={t("complaint_desk.field.note_kind")}
                    meta={fields.noteKind!}
                    options={complaintNoteKinds.map((k) => ({ value: k, label: t(`complaint_desk.note_kind.${k}`) }))}
                  />
                  <TextAreaField label={t("complaint_desk.field.note_text")} meta={fields.text!} rows={4} />
                  <label className="checkbox">
                    <input type="checkbox" name={fields.shared!.name} />
                    {t("complaint_desk.field.shared")}
                  </label>
                </>
              )}
            </ActionForm>
          ) : null}
          {can("extend") && data.extensionChoices.length > 0 ? (
            <ActionForm intent="extend" lastResult={lastResult}>
              {(fields) => (
                <>
                  <SelectField
                    label={t("complaint_desk.field.total_days")}
                    meta={fields.totalDays!}
                    options={data.extensionChoices.map((days) => ({ value: String(days), label: t("complaint_desk.days", { days }) }))}
                  />
                  <TextAreaField label={t("complaint_desk.field.extend_reason")} meta={fields.reason!} rows={3} />
                </>
              )}
            </ActionForm>
          ) : null}
          {can("severity") ? (
            <ActionForm intent="severity" lastResult={lastResult}>
              {(fields) => (
                <SelectField
                  label={t("complaint_desk.severity_label")}
                  meta={fields.severity!}
                  options={complaintSeverities.map((s) => ({ value: s, label: t(`complaint_desk.severity.${s}`) }))}
                />
              )}
            </ActionForm>
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("complaint_desk.details_title")}</h2>
        <dl className="facts">
          {data.details.map((row) => (
            <div key={row.field} className="contents">
              <dt>{t(`complaint.field.${row.field}`)}</dt>
              <dd className="prewrap">{row.value}</dd>
            </div>
          ))}
        </dl>
        {data.attachments.length > 0 ? (
          <>
            <h3>{t("request.attachments")}</h3>
            <ul>
              {data.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`/desk/complaints/${complaint.number}/files/${a.id}`} download>
                    {a.fileName}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {data.messages.length > 0 ? (
        <section className="card" aria-labelledby="transcript-title">
          <h2 id="transcript-title">{t("complaint_desk.transcript_title")}</h2>
          <Transcript messages={data.messages} pending={[]} customer={data.customer.name} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("complaint.timeline")}</h2>
        <DeskComplaintTimeline events={data.events} />
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint_desk.queue_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
