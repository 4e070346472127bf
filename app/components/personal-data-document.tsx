import type { Translate } from "../i18n";
import { isMessageKey } from "../i18n";
import type { Locale } from "../i18n";
import { formatDateTime } from "../utils/format";

/** The export as the JSON download holds it (dates as ISO strings). */
export interface PersonalDataView {
  exportedAt: string;
  profile: { name: string; email: string; mobile: string | null; language: string | null; twoFactor: boolean; registeredAt: string };
  serviceRequests: {
    number: string;
    type: string;
    status: string;
    submittedAt: string;
    details: { field: string; value: string }[];
    timeline: { at: string; kind: string; body: string | null }[];
    attachments: { fileName: string; size: number }[];
  }[];
  complaints: {
    number: string;
    status: string;
    acceptedAt: string;
    details: Record<string, string | null | undefined>;
    timeline: { at: string; kind: string; body: string | null }[];
    attachments: { fileName: string }[];
  }[];
  chats: { startedAt: string; messages: { at: string; sender: string; text: string }[] }[];
  surveys: { about: string; answeredAt: string; rating: number; comment: string | null }[];
  privacyRequests: { number: string; status: string; receivedAt: string; dueAt: string }[];
  sessions: { startedAt: string; lastSeenAt: string; browser: string }[];
  activity: { at: string; action: string; objectType: string }[];
}

/**
 * The readable copy of a customer's data: a self-contained page in their language, for reading
 * and printing (PIPL art. 45). Its words are the portal's own; values are shown as stored.
 */
export function PersonalDataDocument({ data, t, locale }: { data: PersonalDataView; t: Translate; locale: Locale }) {
  const at = (iso: string) => formatDateTime(iso, locale);
  const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <title>{t("privacy.data.title")}</title>
      </head>
      <body>
        <h1>{t("privacy.data.title")}</h1>
        <p>{t("privacy.data.exported_at", { time: at(data.exportedAt) })}</p>

        <h2>{t("privacy.data.profile")}</h2>
        <dl>
          <dt>{t("privacy.data.name")}</dt>
          <dd>{data.profile.name}</dd>
          <dt>{t("privacy.data.email")}</dt>
          <dd>{data.profile.email}</dd>
          <dt>{t("privacy.data.mobile")}</dt>
          <dd>{data.profile.mobile ?? "—"}</dd>
          <dt>{t("privacy.data.registered")}</dt>
          <dd>{at(data.profile.registeredAt)}</dd>
        </dl>

        <h2>{t("privacy.data.requests")}</h2>
        {data.serviceRequests.length === 0 ? <p>{t("privacy.data.none")}</p> : null}
        {data.serviceRequests.map((r) => (
          <section key={r.number}>
            <h3>
              {r.number} · {label(`request.type.${r.type}`, r.type)} · {label(`request.status.${r.status}`, r.status)}
            </h3>
            <dl>
              {r.details.map((d) => (
                <div key={d.field}>
                  <dt>{label(`request.field.${d.field}`, d.field)}</dt>
                  <dd>{label(`request.option.${d.value}`, d.value)}</dd>
                </div>
              ))}
            </dl>
            <ul>
              {r.timeline.map((e, i) => (
                <li key={i}>
                  {at(e.at)} {label(`request.event.${e.kind}`, e.kind)}
                  {e.body ? `: ${e.body}` : ""}
                </li>
              ))}
            </ul>
            {r.attachments.length > 0 ? <p>{t("privacy.data.files", { files: r.attachments.map((a) => a.fileName).join(", ") })}</p> : null}
          </section>
        ))}

        <h2>{t("privacy.data.complaints")}</h2>
        {data.complaints.length === 0 ? <p>{t("privacy.data.none")}</p> : null}
        {data.complaints.map((c) => (
          <section key={c.number}>
            <h3>
              {c.number} · {label(`complaint.status.${c.status}`, c.status)}
            </h3>
            <p>{c.details.whatHappened}</p>
            <ul>
              {c.timeline.map((e, i) => (
                <li key={i}>
                  {at(e.at)} {label(`complaint.event.${e.kind}`, e.kind)}
                  {e.body ? `: ${e.body}` : ""}
                </li>
              ))}
            </ul>
          </section>
        ))}

        <h2>{t("privacy.data.chats")}</h2>
        {data.chats.length === 0 ? <p>{t("privacy.data.none")}</p> : null}
        {data.chats.map((c, i) => (
          <section key={i}>
            <h3>{at(c.startedAt)}</h3>
            <ul>
              {c.messages.map((m, j) => (
                <li key={j}>
                  {at(m.at)} [{m.sender}] {m.text}
                </li>
              ))}
            </ul>
          </section>
        ))}

        <h2>{t("privacy.data.surveys")}</h2>
        {data.surveys.length === 0 ? <p>{t("privacy.data.none")}</p> : null}
        <ul>
          {data.surveys.map((s, i) => (
            <li key={i}>
              {at(s.answeredAt)} {s.rating}/5 {s.comment ?? ""}
            </li>
          ))}
        </ul>

        <h2>{t("privacy.data.privacy_requests")}</h2>
        {data.privacyRequests.length === 0 ? <p>{t("privacy.data.none")}</p> : null}
        <ul>
          {data.privacyRequests.map((p) => (
            <li key={p.number}>
              {p.number} {label(`privacy.status.${p.status}`, p.status)} {at(p.receivedAt)}
            </li>
          ))}
        </ul>

        <h2>{t("privacy.data.sessions")}</h2>
        <ul>
          {data.sessions.map((s, i) => (
            <li key={i}>
              {at(s.startedAt)} – {at(s.lastSeenAt)} {s.browser}
            </li>
          ))}
        </ul>

        <h2>{t("privacy.data.activity")}</h2>
        <ul>
          {data.activity.map((a, i) => (
            <li key={i}>
              {at(a.at)} {a.action}
            </li>
          ))}
        </ul>
      </body>
    </html>
  );
}
