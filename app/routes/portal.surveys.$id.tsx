import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MAX_SURVEY_COMMENT_CHARS, SurveyAnswerSchema } from "../../domain/surveys/survey-schemas";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SurveyAbout, SurveyForm, surveyOutcome, SurveyThanks, type SurveyOutcome } from "../components/survey-form";
import { requireCustomer } from "../utils/auth.server";
import { answerSurvey, getCustomerSurvey } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";
import { orErrorResponse } from "../utils/responses.server";

type SurveyState = "open" | "answered" | "expired";

function outcomeOf(url: URL): SurveyOutcome | null {
  const value = url.searchParams.get("answered");
  return value === "thanks" || value === "follow_up" || value === "reopened" ? value : null;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const survey = await orErrorResponse(getCustomerSurvey(context.services.domain, { customerId: user.id, id: params.id ?? "" }));
  return json({
    state: survey.state as SurveyState,
    outcome: survey.state === "answered" ? outcomeOf(new URL(request.url)) : null,
    survey: {
      subjectType: survey.subjectType,
      number: survey.number,
      chatDate: survey.chatDate?.toISOString() ?? null,
      expiresAt: survey.expiresAt.toISOString(),
    },
    commentMax: MAX_SURVEY_COMMENT_CHARS,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireCustomer(request, context);
  const ctx = context.services.domain;
  // Another customer's survey is not found, as if it did not exist.
  const survey = await orErrorResponse(getCustomerSurvey(ctx, { customerId: user.id, id: params.id ?? "" }));
  if (survey.state !== "open") return json({ state: survey.state as SurveyState }, { status: survey.state === "expired" ? 410 : 409 });
  return submitForm(request, SurveyAnswerSchema, async (answer) => {
    const answered = await answerSurvey(ctx, { invitationId: survey.id, by: { kind: "customer", userId: user.id }, answer });
    return redirect(`/portal/surveys/${survey.id}?answered=${surveyOutcome(answered)}`);
  });
}

export default function PortalSurvey() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply | { state: SurveyState }>();
  const state = actionData && "state" in actionData ? actionData.state : data.state;
  const thanks = state === "answered" && data.outcome;
  return (
    <section className="card narrow">
      <h1>{thanks ? t("survey.thanks_title") : t("survey.title")}</h1>
      {state !== "open" ? (
        <p>
          <SurveyAbout survey={data.survey} />
        </p>
      ) : null}
      {thanks ? <SurveyThanks outcome={data.outcome!} /> : null}
      {state === "answered" && !thanks ? <p role="status">{t("survey.already_answered")}</p> : null}
      {state === "expired" ? <p role="status">{t("survey.expired")}</p> : null}
      {state === "open" ? (
        <>
          <p>{t("survey.intro")}</p>
          <SurveyForm survey={data.survey} commentMax={data.commentMax} lastResult={actionData && "result" in actionData ? actionData.result : undefined} />
        </>
      ) : null}
      <p>
        <Link to="/portal/surveys">{t("survey.back_to_list")}</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "survey.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
