import type { MessageKey } from "../i18n";
import { formatDateTime } from "../utils/format";
import { useLocale, useT } from "../utils/i18n";

export interface DetailRowView {
  field: string;
  value: string;
  option?: boolean;
  masked?: boolean;
}

export interface TimelineView {
  id: string;
  at: string;
  kind: string;
  public: boolean;
  body: string | null;
  data: Record<string, unknown>;
  actorName: string | null;
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className="status">{t(`request.status.${status}` as MessageKey)}</span>;
}

export function DetailList({ rows }: { rows: DetailRowView[] }) {
  const t = useT();
  return (
    <dl className="facts">
      {rows.map((row) => (
        <div key={row.field} className="contents">
          <dt>{t(`request.field.${row.field}` as MessageKey)}</dt>
          <dd>{row.option ? t(`request.option.${row.value}` as MessageKey) : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The request's story, oldest first; internal entries are marked as such on the desk. */
export function Timeline({ events }: { events: TimelineView[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.id} className={event.public ? undefined : "internal"}>
          <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
          <strong>
            {t(`request.event.${event.kind}` as MessageKey, {
              step: String(event.data.step ?? ""),
              of: String(event.data.of ?? ""),
            })}
          </strong>
          {event.actorName ? ` · ${event.actorName}` : null}
          {event.body ? <blockquote>{event.body}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}

/** A request's files, each a download checked against the viewer on the server. */
/** Files as download links: a request's by default, or wherever `hrefOf` says (a complaint's). */
export function AttachmentList({
  attachments,
  hrefOf = (id) => `/attachments/${id}`,
}: {
  attachments: { id: string; fileName: string }[];
  hrefOf?: (id: string) => string;
}) {
  const t = useT();
  if (attachments.length === 0) return null;
  return (
    <>
      <h3>{t("request.attachments")}</h3>
      <ul>
        {attachments.map((a) => (
          <li key={a.id}>
            <a href={hrefOf(a.id)} download>
              {a.fileName}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The "Progress" card of a request page, on the portal and at the desk alike. */
export function TimelineCard({ events }: { events: TimelineView[] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("request.timeline")}</h2>
      <Timeline events={events} />
    </section>
  );
}
