import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MAX_SURVEY_COMMENT_CHARS, SurveyAnswerSchema } from "../../domain/surveys/survey-schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SurveyForm, surveyOutcome, SurveyThanks, type SurveyOutcome } from "../components/survey-form";
import { getViewer } from "../utils/auth.server";
import { answerSurvey, getSurveyByToken, type SurveyView } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { forbidden } from "../utils/responses.server";
import { titleFor } from "../utils/meta";

/**
 * The survey behind the emailed link: no sign-in, the signed token is the authority. It shows
 * what the survey is about (kind and acceptance number) and nothing personal, since whoever
 * holds the link sees it.
 *
 * The link is a bearer credential: whoever holds it may open and answer it, signed in or not.
 * Staff are the exception — the answer credits the agent who served the customer, so a member of
 * staff holding a customer's link (forwarded, or read in the mail catcher) may neither see nor
 * answer it. They are refused before the token is looked at, so the refusal says nothing of it.
 */
async function refuseStaff(request: Request, context: LoaderFunctionArgs["context"]) {
  const viewer = await getViewer(request, context);
  if (viewer?.user.kind === "staff") throw forbidden();
}
type LinkState = "open" | "answered" | "expired" | "invalid";

const STATUS: Record<LinkState, number> = { open: 200, answered: 200, expired: 410, invalid: 404 };

function outcomeOf(url: URL): SurveyOutcome | null {
  const value = url.searchParams.get("answered");
  return value === "thanks" || value === "follow_up" || value === "reopened" ? value : null;
}

function summary(survey: SurveyView) {
  return {
    subjectType: survey.subjectType,
    number: survey.number,
    chatDate: survey.chatDate?.toISOString() ?? null,
    expiresAt: survey.expiresAt.toISOString(),
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await refuseStaff(request, context);
  const survey = await getSurveyByToken(context.services.domain, { token: params.token ?? "" });
  const state: LinkState = survey?.state ?? "invalid";
  return json(
    {
      state,
      // The thank-you after answering (the answer redirects here); a stale one shows plainly "answered".
      outcome: state === "answered" ? outcomeOf(new URL(request.url)) : null,
      survey: survey && state === "open" ? summary(survey) : null,
      commentMax: MAX_SURVEY_COMMENT_CHARS,
    },
    { status: STATUS[state] },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await refuseStaff(request, context);
  const ctx = context.services.domain;
  const token = params.token ?? "";
  const survey = await getSurveyByToken(ctx, { token });
  const state: LinkState = survey?.state ?? "invalid";
  if (!survey || state !== "open") return json({ state }, { status: state === "answered" ? 409 : STATUS[state] });
  return submitForm(request, SurveyAnswerSchema, async (answer) => {
    const answered = await answerSurvey(ctx, { invitationId: survey.id, by: { kind: "link" }, answer });
    return redirect(`/survey/${encodeURIComponent(token)}?answered=${surveyOutcome(answered)}`);
  });
}

export default function SurveyByLink() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply | { state: LinkState }>();
  const state = actionData && "state" in actionData ? actionData.state : data.state;
  return (
    <section className="card narrow">
      <h1>{state === "answered" && data.outcome ? t("survey.thanks_title") : t("survey.title")}</h1>
      {state === "answered" && data.outcome ? <SurveyThanks outcome={data.outcome} /> : null}
      {state === "answered" && !data.outcome ? <p role="status">{t("survey.already_answered")}</p> : null}
      {state === "expired" ? <p role="status">{t("survey.expired")}</p> : null}
      {state === "invalid" ? <p role="status">{t("survey.not_found")}</p> : null}
      {state === "open" && data.survey ? (
        <>
          <p>{t("survey.intro")}</p>
          <SurveyForm survey={data.survey} commentMax={data.commentMax} lastResult={actionData && "result" in actionData ? actionData.result : undefined} />
        </>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "survey.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
