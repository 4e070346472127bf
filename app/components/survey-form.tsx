import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { SurveySubject } from "../../db/schema";
import { formatDate, formatDateTime } from "../utils/format";
import { useLocale, useT, useTranslateMessage } from "../utils/i18n";
import { FieldErrors, FormErrors } from "./forms";

/** What a survey is about, as its page may show it: the kind and the acceptance number or date, nothing personal. */
export interface SurveySummary {
  subjectType: SurveySubject;
  number: string | null;
  chatDate: string | null;
  expiresAt: string;
}

/** What happened after an answer, for the thank-you. */
export type SurveyOutcome = "thanks" | "follow_up" | "reopened";

/** A dissatisfied answer reopens a complaint, and has the quality team follow up anything else. */
export function surveyOutcome(answered: { subjectType: SurveySubject; dissatisfied: boolean }): SurveyOutcome {
  if (!answered.dissatisfied) return "thanks";
  return answered.subjectType === "complaint" ? "reopened" : "follow_up";
}

const SCORES = ["1", "2", "3", "4", "5"] as const;
const RESOLVED = ["yes", "no"] as const;

export function SurveyAbout({ survey }: { survey: Pick<SurveySummary, "subjectType" | "number" | "chatDate"> }) {
  const t = useT();
  const locale = useLocale();
  if (survey.subjectType === "chat") return <>{t("survey.about_chat", { date: survey.chatDate ? formatDate(survey.chatDate, locale) : "" })}</>;
  const key = survey.subjectType === "request" ? "survey.about_request" : "survey.about_complaint";
  return <>{t(key, { number: survey.number ?? "" })}</>;
}

export function SurveyThanks({ outcome }: { outcome: SurveyOutcome }) {
  const t = useT();
  return (
    <div role="status" className="notice">
      <p>{t("survey.thanks")}</p>
      {outcome === "follow_up" ? <p>{t("survey.thanks_follow_up")}</p> : null}
      {outcome === "reopened" ? <p>{t("survey.thanks_reopened")}</p> : null}
    </div>
  );
}

/**
 * The survey itself, for the emailed link and the portal alike: a plain form post with radio
 * buttons, so it works without JavaScript; the server validates and answers field messages.
 */
export function SurveyForm({
  survey,
  lastResult,
  commentMax,
}: {
  survey: SurveySummary;
  lastResult: SubmissionResult<string[]> | undefined;
  commentMax: number;
}) {
  const t = useT();
  const locale = useLocale();
  const translate = useTranslateMessage();
  const [form, fields] = useForm<{ score: string; resolved: string; comment: string }>({ id: "survey", lastResult });
  const { score, resolved, comment } = fields;
  const { key: commentKey, ...commentProps } = getTextareaProps(comment, { ariaAttributes: true });
  const commentHintId = `${comment.id}-hint`;
  return (
    <Form method="post" {...getFormProps(form)}>
      <p>
        <strong>
          <SurveyAbout survey={survey} />
        </strong>
      </p>
      <p className="hint">{t("survey.expires", { date: formatDateTime(survey.expiresAt, locale) })}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset aria-describedby={score.errors ? score.errorId : undefined}>
        <legend>{t("survey.score_legend")}</legend>
        {SCORES.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name={score.name}
              value={value}
              defaultChecked={score.initialValue === value}
              aria-invalid={score.errors ? true : undefined}
            />
            {t(`survey.score.${value}`)}
          </label>
        ))}
        <FieldErrors id={score.errorId} errors={score.errors?.map((e) => translate(e) ?? e)} />
      </fieldset>
      <fieldset aria-describedby={resolved.errors ? resolved.errorId : undefined}>
        <legend>{t("survey.resolved_legend")}</legend>
        {RESOLVED.map((value) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name={resolved.name}
              value={value}
              defaultChecked={resolved.initialValue === value}
              aria-invalid={resolved.errors ? true : undefined}
            />
            {t(`survey.resolved.${value}`)}
          </label>
        ))}
        <FieldErrors id={resolved.errorId} errors={resolved.errors?.map((e) => translate(e) ?? e)} />
      </fieldset>
      <div className="field">
        <label htmlFor={comment.id}>{t("survey.comment")}</label>
        <p id={commentHintId} className="hint">
          {t("survey.comment_hint")}
        </p>
        <textarea
          key={commentKey}
          {...commentProps}
          rows={4}
          maxLength={commentMax}
          aria-describedby={[commentHintId, comment.errors ? comment.errorId : null].filter(Boolean).join(" ")}
        />
        <FieldErrors id={comment.errorId} errors={comment.errors?.map((e) => translate(e) ?? e)} />
      </div>
      <button type="submit" className="primary">
        {t("survey.submit")}
      </button>
    </Form>
  );
}
