import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { complaintCategories, complaintChannels, complaintStatuses } from "../../db/schema/enums";
import { ComplaintDeadline } from "../components/complaint-desk-parts";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { FilterSelect } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { COMPLAINT_INTAKE_ROLES, COMPLAINT_READ_ROLES, findDeskComplaints } from "../utils/domain.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

// Unknown filter values are ignored rather than refused: a hand-edited URL still shows a queue.
const FilterSchema = z.object({
  mine: z.literal("1").optional().catch(undefined),
  status: z.enum(complaintStatuses).optional().catch(undefined),
  sla: z.enum(["at_risk", "overdue"]).optional().catch(undefined),
  channel: z.enum(complaintChannels).optional().catch(undefined),
  category: z.enum(complaintCategories).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireStaff(request, context, COMPLAINT_READ_ROLES);
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const actor = { userId: viewer.user.id, roles: viewer.roles };
  const rows = await orErrorResponse(
    findDeskComplaints(context.services.domain, { actor, filter: { ...filter, mine: filter.mine === "1" } }),
  );
  return json(
    {
      filter,
      canTakeDown: viewer.roles.some((r) => COMPLAINT_INTAKE_ROLES.includes(r)),
      rows: rows.map((r) => ({ ...r, acceptedAt: r.acceptedAt.toISOString(), dueAt: r.dueAt.toISOString() })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}


export default function ComplaintQueue() {
  const t = useT();
  const { filter, rows, canTakeDown } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("complaint_desk.queue_title")}</h1>
      {canTakeDown ? (
        <p>
          <Link to="/desk/complaints/new">{t("complaint_desk.new_title")}</Link>
        </p>
      ) : null}
      <Form method="get" className="filters card">
        <FilterSelect name="mine" label={t("complaint_desk.filter_investigator")} value={filter.mine} options={[{ value: "1", label: t("complaint_desk.filter_mine") }]} />
        <FilterSelect
          name="status"
          label={t("desk.filter_status")}
          value={filter.status}
          options={complaintStatuses.map((v) => ({ value: v, label: t(`complaint_desk.status.${v}`) }))}
        />
        <FilterSelect
          name="sla"
          label={t("desk.filter_sla")}
          value={filter.sla}
          options={(["at_risk", "overdue"] as const).map((v) => ({ value: v, label: t(`complaint_desk.sla.${v}`) }))}
        />
        <FilterSelect
          name="channel"
          label={t("complaint_desk.channel_label")}
          value={filter.channel}
          options={complaintChannels.map((v) => ({ value: v, label: t(`complaint_desk.channel.${v}`) }))}
        />
        <FilterSelect
          name="category"
          label={t("complaint.category_label")}
          value={filter.category}
          options={complaintCategories.map((v) => ({ value: v, label: t(`complaint.category.${v}`) }))}
        />
        <button type="submit" className="primary">
          {t("desk.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("complaint_desk.queue_empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("complaint.number")}</th>
              <th scope="col">{t("complaint.category_label")}</th>
              <th scope="col">{t("complaint_desk.channel_label")}</th>
              <th scope="col">{t("complaint.status_label")}</th>
              <th scope="col">{t("complaint_desk.severity_label")}</th>
              <th scope="col">{t("complaint_desk.investigator")}</th>
              <th scope="col">{t("complaint.reopen_count")}</th>
              <th scope="col">{t("complaint.due")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.number}>
                <td>
                  <Link to={`/desk/complaints/${r.number}`}>{r.number}</Link>
                </td>
                <td>{t(`complaint.category.${r.category}`)}</td>
                <td>{t(`complaint_desk.channel.${r.channel}`)}</td>
                <td>
                  <span className="status">{t(`complaint_desk.status.${r.status}`)}</span>
                </td>
                <td>{t(`complaint_desk.severity.${r.severity}`)}</td>
                <td>{r.investigatorName ?? t("complaint_desk.unassigned")}</td>
                <td>{r.reopenCount}</td>
                <td>
                  <ComplaintDeadline dueAt={r.dueAt} slaState={r.slaState} msLeft={r.msLeft} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "complaint_desk.queue_title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
