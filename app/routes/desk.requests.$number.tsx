import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FormErrors, SelectField, TextAreaField } from "../components/forms";
import { AttachmentList, DetailList, StatusBadge, TimelineCard } from "../components/request-parts";
import { RevealForm, RevealLog } from "../components/reveal-parts";
import type { MessageKey } from "../i18n";
import { requireStaff } from "../utils/auth.server";
import {
  acceptRequest,
  addInternalNote,
  assignRequest,
  closeRequest,
  completeRequest,
  decideApproval,
  findReviewers,
  getStaffRequest,
  markSpecial,
  rejectInReview,
  REQUEST_STAFF_ROLES,
  requestInformation,
  revealStaffRequest,
} from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

const text = z.string({ error: "error.required" }).trim().min(1, "error.required").max(2000, "error.too_long");

// The actions a member of staff can take; the domain re-checks role, state and four eyes.
const DeskActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("claim") }),
  z.object({ intent: z.literal("assign"), assigneeId: z.uuid({ error: "desk.assignee_invalid" }) }),
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("complete") }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("request_info"), text }),
  z.object({ intent: z.literal("reject"), text }),
  z.object({ intent: z.literal("reject_approval"), text }),
  z.object({ intent: z.literal("mark_special"), text }),
  z.object({ intent: z.literal("note"), text }),
  // The reason is checked by the domain (RevealReasonSchema), which records it before showing anything.
  z.object({ intent: z.literal("reveal"), reason: z.string().optional(), note: z.string().optional() }),
]);

const TEXT_LABEL: Record<string, MessageKey> = {
  request_info: "desk.text_question",
  reject: "desk.text_reason",
  reject_approval: "desk.text_reason",
  mark_special: "desk.text_special",
  note: "desk.text_note",
};

async function load(request: Request, context: LoaderFunctionArgs["context"], number: string | undefined) {
  const viewer = await requireStaff(request, context, REQUEST_STAFF_ROLES);
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const view = await orErrorResponse(getStaffRequest(context.services.domain, { actor, number: number ?? "" }));
  return { actor, view };
}

// Personal data is always masked here: seeing it in full is the "reveal" action, on a reason.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { view } = await load(request, context, params.number);
  const { request: r } = view;
  return json(
    {
      number: r.number,
      type: r.type,
      status: r.status,
      slaState: r.slaState,
      clockKind: r.clockKind,
      submittedAt: r.submittedAt.toISOString(),
      dueAt: r.dueAt?.toISOString() ?? null,
      chain: r.approvalChain,
      customer: view.customer,
      details: view.details,
      revealable: view.revealable,
      reveals: view.reveals.map((e) => ({ ...e, at: e.at.toISOString() })),
      events: view.events.map((e) => ({ ...e, at: e.at.toISOString() })),
      approvals: view.approvals.map((a) => ({ step: a.step, role: a.role, decision: a.decision, deciderName: a.deciderName })),
      attachments: view.attachments.map((a) => ({ id: a.id, fileName: a.fileName })),
      actions: view.actions,
      reviewers: view.actions.includes("assign") ? await findReviewers(context.services.domain) : [],
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, view } = await load(request, context, params.number);
  const requestId = view.request.id;
  return submitForm(request, DeskActionSchema, async (input) => {
    const ctx = context.services.domain;
    if (input.intent === "reveal") {
      const revealed = await revealStaffRequest(ctx, { actor, number: view.request.number, reason: { reason: input.reason, note: input.note } });
      // Shown on this response only: nothing is cached, the next visit is masked again.
      return json({ revealed }, { headers: { "Cache-Control": "private, no-store" } });
    }
    switch (input.intent) {
      case "claim":
        await assignRequest(ctx, { actor, requestId });
        break;
      case "assign":
        await assignRequest(ctx, { actor, requestId, assigneeId: input.assigneeId });
        break;
      case "accept":
        await acceptRequest(ctx, { actor, requestId });
        break;
      case "approve":
        await decideApproval(ctx, { actor, requestId, decision: "approved" });
        break;
      case "complete":
        await completeRequest(ctx, { actor, requestId });
        break;
      case "close":
        await closeRequest(ctx, { actor, requestId });
        break;
      case "request_info":
        await requestInformation(ctx, { actor, requestId, question: input.text });
        break;
      case "reject":
        await rejectInReview(ctx, { actor, requestId, reason: input.text });
        break;
      case "reject_approval":
        await decideApproval(ctx, { actor, requestId, decision: "rejected", reason: input.text });
        break;
      case "mark_special":
        await markSpecial(ctx, { actor, requestId, reason: input.text });
        break;
      case "note":
        await addInternalNote(ctx, { actor, requestId, note: input.text });
        break;
    }
    return redirect(`/desk/requests/${view.request.number}`);
  });
}

type RevealedRequest = Awaited<ReturnType<typeof revealStaffRequest>>;

function ActionForm({
  intent,
  lastResult,
  reviewers,
}: {
  intent: string;
  lastResult?: FormReply["result"];
  reviewers: { id: string; name: string }[];
}) {
  const t = useT();
  const [form, fields] = useForm<{ intent: string; text: string; assigneeId: string }>({
    id: `action-${intent}`,
    lastResult: lastResult?.initialValue?.intent === intent ? lastResult : undefined,
  });
  const textLabel = TEXT_LABEL[intent];
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {textLabel ? <TextAreaField label={t(textLabel)} meta={fields.text!} rows={3} /> : null}
      {intent === "assign" ? (
        <SelectField label={t("desk.assign_to")} meta={fields.assigneeId!} options={reviewers.map((r) => ({ value: r.id, label: r.name }))} />
      ) : null}
      <button type="submit" className="primary">
        {t(`desk.action.${intent}` as MessageKey)}
      </button>
    </Form>
  );
}

export default function DeskRequest() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply | { revealed: RevealedRequest }>();
  const formReply = actionData && "result" in actionData ? actionData : undefined;
  const revealed = actionData && "revealed" in actionData ? actionData.revealed : null;
  const revealErrors = formReply?.result.initialValue?.intent === "reveal" ? (formReply.result.error ?? {}) : {};
  return (
    <>
      <p>
        <Link to="/desk/requests">{t("desk.queue_title")}</Link>
      </p>
      <h1>
        {t(`request.type.${data.type}`)} · {data.number}
      </h1>
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{t("desk.customer")}: {data.customer.name}</h2>
        <dl className="facts">
          <dt>{t("request.status")}</dt>
          <dd>
            <StatusBadge status={data.status} />
          </dd>
          <dt>{t("request.due")}</dt>
          <dd className={`sla-${data.slaState}`}>
            {data.dueAt ? formatDateTime(data.dueAt, locale) : t("request.due_pending")} · {t(`request.sla.${data.slaState}`)}
          </dd>
          <dt>{t("request.field.mobile")}</dt>
          <dd>{revealed?.customerMobile ?? data.customer.mobile}</dd>
        </dl>
      </section>
      {data.actions.length > 0 ? (
        <section className="card action-forms" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("desk.actions")}</h2>
          {data.actions.map((intent) => (
            <ActionForm key={intent} intent={intent} lastResult={formReply?.result} reviewers={data.reviewers} />
          ))}
        </section>
      ) : null}
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("request.details")}</h2>
        {revealed ? (
          <p className="notice" role="status">
            {t("desk.revealed_note")}
          </p>
        ) : data.revealable.length > 0 ? (
          <RevealForm kinds={data.revealable} errors={revealErrors} />
        ) : null}
        <DetailList rows={revealed?.details ?? data.details} />
        <AttachmentList attachments={data.attachments} />
      </section>
      {data.chain.length > 0 ? (
        <section className="card" aria-labelledby="approvals-title">
          <h2 id="approvals-title">{t("desk.approvals")}</h2>
          <ol>
            {data.chain.map((role, step) => {
              const done = data.approvals.find((a) => a.step === step);
              const roleLabel = t(`role.${role}` as MessageKey);
              return (
                <li key={step}>
                  {done
                    ? t("desk.approval_done", {
                        step: step + 1,
                        role: roleLabel,
                        name: done.deciderName,
                        decision: t(done.decision === "approved" ? "request.status.approved" : "request.status.rejected"),
                      })
                    : t("desk.approval_pending", { step: step + 1, role: roleLabel })}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
      <TimelineCard events={data.events} />
      <RevealLog reveals={data.reveals} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "desk.queue_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
