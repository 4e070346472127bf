import { Form } from "@remix-run/react";
import { revealReasons } from "../../db/schema/enums";
import type { MessageKey } from "../i18n";
import { formatDateTime } from "../utils/format";
import { useLocale, useT, useTranslateMessage } from "../utils/i18n";
import { FieldErrors } from "./forms";

export type RevealReasonCode = (typeof revealReasons)[number];

/**
 * Asks for the reason before personal data is shown in full: a POST (never a link that reveals on
 * reload), a choice from the short list and the member of staff's own words. `kinds` names what
 * they would see.
 */
export function RevealForm({ kinds, errors }: { kinds: string[]; errors: Record<string, string[] | null | undefined> }) {
  const t = useT();
  const translate = useTranslateMessage();
  const messages = (field: string) => errors[field]?.map((e) => translate(e) ?? e);
  const reasonErrors = messages("reason");
  const noteErrors = messages("note");
  return (
    <Form method="post" className="reveal-form">
      <input type="hidden" name="intent" value="reveal" />
      <FieldErrors errors={messages("")} />
      <p id="reveal-hint" className="hint">
        {t("reveal.hint", { fields: kinds.map((k) => t(`reveal.kind.${k}` as MessageKey)).join(", ") })}
      </p>
      <div className="field">
        <label htmlFor="reveal-reason">{t("reveal.reason")}</label>
        <select id="reveal-reason" name="reason" defaultValue="" aria-invalid={reasonErrors ? true : undefined} aria-describedby={reasonErrors ? "reveal-reason-error" : "reveal-hint"}>
          <option value="">—</option>
          {revealReasons.map((code) => (
            <option key={code} value={code}>
              {t(`reveal.reason.${code}`)}
            </option>
          ))}
        </select>
        <FieldErrors id="reveal-reason-error" errors={reasonErrors} />
      </div>
      <div className="field">
        <label htmlFor="reveal-note">{t("reveal.note")}</label>
        <input id="reveal-note" name="note" maxLength={500} aria-invalid={noteErrors ? true : undefined} aria-describedby={noteErrors ? "reveal-note-error" : undefined} />
        <FieldErrors id="reveal-note-error" errors={noteErrors} />
      </div>
      <button type="submit">{t("reveal.submit")}</button>
    </Form>
  );
}

export interface RevealView {
  at: string;
  staffName: string;
  reason: RevealReasonCode;
  note: string | null;
}

/** Who saw the personal data in full, when and why: the audit trail's entries for this record. */
export function RevealLog({ reveals }: { reveals: RevealView[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="reveals-title">
      <h2 id="reveals-title">{t("reveal.log_title")}</h2>
      {reveals.length === 0 ? (
        <p>{t("reveal.log_empty")}</p>
      ) : (
        <ul className="plain reveal-log">
          {reveals.map((r, i) => (
            <li key={i}>
              <time dateTime={r.at}>{formatDateTime(r.at, locale)}</time> · {r.staffName} · {t(`reveal.reason.${r.reason}`)}
              {r.note ? `: ${r.note}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
