import { Link } from "@remix-run/react";
import { formatDateTime } from "../utils/format";
import { useLocale, useT, useTranslateMessage } from "../utils/i18n";
import { FieldErrors } from "./forms";

export interface ConsentOnRecord {
  noticeVersion: string;
  /** When the consent to the current notice was given; null when there is none in force. */
  grantedAt: string | null;
}

/**
 * The separate consent to processing sensitive information (PIPL art. 29): its own checkbox,
 * never ticked in advance and bundled with nothing else, next to a link to the notice. With a
 * consent to the current notice on record, a line says when it was given instead.
 * `filesOnly`: the form carries sensitive data only in its attachments.
 */
export function ConsentField({ consent, errors, filesOnly = false }: { consent: ConsentOnRecord; errors?: string[]; filesOnly?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const translate = useTranslateMessage();
  const notice = (
    <Link to="/privacy-notice" target="_blank">
      {t("consent.read_notice", { version: consent.noticeVersion })}
    </Link>
  );
  if (consent.grantedAt) {
    return (
      <p className="notice consent-on-record">
        {t("consent.on_record", { version: consent.noticeVersion, date: formatDateTime(consent.grantedAt, locale) })} {notice}
      </p>
    );
  }
  const errorId = "consent-error";
  return (
    <fieldset className="consent">
      <legend>{t("consent.legend")}</legend>
      <p>{notice}</p>
      <label className="checkbox">
        <input type="checkbox" name="consent" aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? errorId : undefined} />
        {t(filesOnly ? "consent.checkbox_files" : "consent.checkbox")}
      </label>
      <FieldErrors id={errorId} errors={errors?.map((e) => translate(e) ?? e)} />
    </fieldset>
  );
}
