import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestStatuses, requestTypes } from "../../db/schema/enums";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FilterSelect } from "../components/forms";
import { PageLinks } from "../components/page-links";
import { StatusBadge } from "../components/request-parts";
import type { MessageKey } from "../i18n";
import { requireStaff } from "../utils/auth.server";
import { findRequestQueue, REQUEST_NUMBER, REQUEST_STAFF_ROLES } from "../utils/domain.server";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

// Unknown filter values are ignored rather than refused: a hand-edited URL still shows a queue.
const FilterSchema = z.object({
  type: z.enum(requestTypes).optional().catch(undefined),
  status: z.enum(requestStatuses).optional().catch(undefined),
  assignee: z.enum(["me", "unassigned"]).optional().catch(undefined),
  sla: z.enum(["at_risk", "overdue"]).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, REQUEST_STAFF_ROLES);
  const params = new URL(request.url).searchParams;
  const filter = FilterSchema.parse(Object.fromEntries(params));
  // A page starts after the request with this number (keyset); anything else is the first page.
  const after = REQUEST_NUMBER.test(params.get("after") ?? "") ? params.get("after") : null;
  const { rows, next } = await orErrorResponse(
    findRequestQueue(context.services.domain, { actor: { userId: viewer.user.id, roles: viewer.roles }, filter, after }),
  );
  const query = new URLSearchParams(Object.entries(filter).flatMap(([key, value]) => (value ? [[key, value]] : []))).toString();
  return json({
    filter,
    query,
    paged: after !== null,
    next,
    rows: rows.map((r) => ({
      number: r.number,
      type: r.type,
      status: r.status,
      slaState: r.slaState,
      assigneeName: r.assigneeName,
      submittedAt: r.submittedAt.toISOString(),
      dueAt: r.dueAt?.toISOString() ?? null,
    })),
  });
}


export default function RequestQueue() {
  const t = useT();
  const locale = useLocale();
  const { filter, query, paged, next, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("desk.queue_title")}</h1>
      <Form method="get" className="filters card">
        <FilterSelect name="type" label={t("desk.filter_type")} value={filter.type} options={requestTypes.map((v) => ({ value: v, label: t(`request.type.${v}`) }))} />
        <FilterSelect name="status" label={t("desk.filter_status")} value={filter.status} options={requestStatuses.map((v) => ({ value: v, label: t(`request.status.${v}`) }))} />
        <FilterSelect
          name="assignee"
          label={t("desk.filter_assignee")}
          value={filter.assignee}
          options={[
            { value: "me", label: t("desk.filter_me") },
            { value: "unassigned", label: t("desk.filter_unassigned") },
          ]}
        />
        <FilterSelect
          name="sla"
          label={t("desk.filter_sla")}
          value={filter.sla}
          options={(["at_risk", "overdue"] as const).map((v) => ({ value: v, label: t(`request.sla.${v}`) }))}
        />
        <button type="submit" className="primary">
          {t("desk.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("desk.queue_empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("request.number")}</th>
              <th scope="col">{t("desk.filter_type")}</th>
              <th scope="col">{t("request.status")}</th>
              <th scope="col">{t("request.due")}</th>
              <th scope="col">{t("desk.assignee")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.number}>
                <td>
                  <Link to={`/desk/requests/${r.number}`}>{r.number}</Link>
                </td>
                <td>{t(`request.type.${r.type}`)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className={`sla-${r.slaState}`}>
                  {r.dueAt ? formatDateTime(r.dueAt, locale) : t("request.due_pending")}
                  {r.slaState !== "on_track" ? ` · ${t(`request.sla.${r.slaState}` as MessageKey)}` : null}
                </td>
                <td>{r.assigneeName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PageLinks path="/desk/requests" query={query} paged={paged} next={next} firstLabel={t("desk.queue_first_page")} nextLabel={t("desk.queue_next_page")} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "desk.queue_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
