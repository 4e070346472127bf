import { isMessageKey } from "../i18n";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";

const HOUR_MS = 3_600_000;

/** "3 d 4 h": whole days and hours, rounded down; never "0 d 0 h" for a few minutes. */
function daysHours(ms: number): { days: number; hours: number } {
  const hours = Math.max(Math.floor(ms / HOUR_MS), 0);
  return { days: Math.floor(hours / 24), hours: hours % 24 };
}

/**
 * The decision deadline with the time left, at risk (72 hours or less) or overdue. After the
 * decision the deadline no longer applies: the due time is shown for the record only.
 * `msLeft` comes from the server, so the page renders the same text on both sides.
 */
export function ComplaintDeadline({ dueAt, slaState, msLeft }: { dueAt: string; slaState: "on_track" | "at_risk" | "overdue" | null; msLeft: number | null }) {
  const t = useT();
  const locale = useLocale();
  if (slaState === null || msLeft === null) {
    return (
      <span>
        {formatDateTime(dueAt, locale)} · {t("complaint_desk.sla.decided")}
      </span>
    );
  }
  const left = daysHours(Math.abs(msLeft));
  return (
    <span className={`sla-${slaState}`}>
      {formatDateTime(dueAt, locale)} ·{" "}
      {slaState === "overdue" ? t("complaint_desk.overdue_by", left) : t("complaint_desk.time_left", left)}
      {slaState === "at_risk" ? ` · ${t("complaint_desk.sla.at_risk")}` : null}
    </span>
  );
}

export interface DeskTimelineEntry {
  id: string;
  at: string;
  kind: string;
  public: boolean;
  actorName: string | null;
  body: string | null;
  proposal: { remedy: string; response: string } | null;
  noteKind: string | null;
  assigneeName: string | null;
  dueAt: string | null;
}

/** The complaint's whole story at the desk, oldest first; internal entries are marked. */
export function DeskComplaintTimeline({ events }: { events: DeskTimelineEntry[] }) {
  const t = useT();
  const locale = useLocale();
  const label = (event: DeskTimelineEntry) => {
    const noteKind = `complaint_desk.note_kind.${event.noteKind}`;
    const params = {
      name: event.assigneeName ?? "",
      kind: isMessageKey(noteKind) ? t(noteKind) : "",
      due: event.dueAt ? formatDateTime(event.dueAt, locale) : "",
    };
    const desk = `complaint_desk.event.${event.kind}`;
    if (isMessageKey(desk)) return t(desk, params);
    // Steps the customer takes (accepting, disputing…) read as the customer's timeline names them.
    const customer = `complaint.event.${event.kind}`;
    return isMessageKey(customer) ? t(customer, params) : t("complaint.event.updated");
  };
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.id} className={event.public ? undefined : "internal"}>
          <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
          <strong>{label(event)}</strong>
          {event.actorName ? ` · ${event.actorName}` : null}
          {event.public ? null : <span className="hint"> · {t("complaint_desk.internal")}</span>}
          {event.proposal ? (
            <dl className="facts">
              <dt>{t("complaint.resolution_remedy")}</dt>
              <dd className="prewrap">{event.proposal.remedy}</dd>
              <dt>{t("complaint.resolution_response")}</dt>
              <dd className="prewrap">{event.proposal.response}</dd>
            </dl>
          ) : null}
          {event.body ? <blockquote className="prewrap">{event.body}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}
