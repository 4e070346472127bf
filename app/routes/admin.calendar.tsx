import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormErrors, SelectField } from "../components/forms";
import { requireStaff } from "../utils/auth.server";
import { CalendarDaySchema, CalendarYearSchema, findCalendarTable, publishCalendarYear, removeCalendarDay, setCalendarDay } from "../utils/domain.server";
import { submitForm, type FormReply } from "../utils/forms.server";
import { useT } from "../utils/i18n";
import { titleFor } from "../utils/meta";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context, ["admin"]);
  const table = await findCalendarTable(context.services.domain);
  return json({
    days: table.days,
    years: table.years.map((y) => y.year),
    packageYears: table.packageYears,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireStaff(request, context, ["admin"]);
  const actorId = admin.user.id;
  const ctx = context.services.domain;
  const Schema = z.discriminatedUnion("intent", [
    CalendarDaySchema.extend({ intent: z.literal("set") }),
    z.object({ intent: z.literal("remove"), date: z.string().max(10) }),
    CalendarYearSchema.extend({ intent: z.literal("publish") }),
  ]);
  return submitForm(request, Schema, async (input) => {
    if (input.intent === "set") await setCalendarDay(ctx, { actorId, ...input });
    else if (input.intent === "remove") await removeCalendarDay(ctx, { actorId, date: input.date });
    else await publishCalendarYear(ctx, { actorId, year: input.year });
    return redirect("/admin/calendar");
  });
}

export default function AdminCalendar() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<FormReply>();
  const intent = actionData?.result.initialValue?.intent;
  const [dayForm, dayFields] = useForm<{ intent: string; date: string; kind: string; name: string }>({
    id: "calendar-day",
    lastResult: intent === "set" ? actionData?.result : undefined,
  });
  const [yearForm, yearFields] = useForm<{ intent: string; year: string }>({
    id: "calendar-year",
    lastResult: intent === "publish" ? actionData?.result : undefined,
  });
  const covered = [`${data.packageYears.first}–${data.packageYears.last}`, ...data.years].join(", ");
  return (
    <>
      <h1>{t("calendar.title")}</h1>
      <p>{t("calendar.intro", { lastYear: data.packageYears.last })}</p>
      <p>{t("calendar.covered_years", { years: covered })}</p>
      <section className="card" aria-labelledby="entries-title">
        <h2 id="entries-title">{t("calendar.entries")}</h2>
        {data.days.length === 0 ? (
          <p>{t("calendar.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("calendar.date")}</th>
                <th scope="col">{t("calendar.kind")}</th>
                <th scope="col">{t("calendar.name")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("calendar.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((day) => (
                <tr key={day.date}>
                  <td>{day.date}</td>
                  <td>{day.kind === "holiday" ? t("calendar.kind_holiday") : t("calendar.kind_workday")}</td>
                  <td>{day.name}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="date" value={day.date} />
                      <button type="submit" className="button secondary" aria-label={`${t("calendar.remove")} ${day.date}`}>
                        {t("calendar.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Form method="post" {...getFormProps(dayForm)}>
          <FormErrors id={dayForm.errorId} errors={dayForm.errors} />
          <input type="hidden" name="intent" value="set" />
          <Field label={t("calendar.date")} meta={dayFields.date} hint="YYYY-MM-DD" />
          <SelectField
            label={t("calendar.kind")}
            meta={dayFields.kind}
            options={[
              { value: "holiday", label: t("calendar.kind_holiday") },
              { value: "workday", label: t("calendar.kind_workday") },
            ]}
          />
          <Field label={t("calendar.name")} meta={dayFields.name} />
          <button type="submit" className="primary">
            {t("calendar.add")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="publish-title">
        <h2 id="publish-title">{t("calendar.publish_title")}</h2>
        <Form method="post" {...getFormProps(yearForm)}>
          <FormErrors id={yearForm.errorId} errors={yearForm.errors} />
          <input type="hidden" name="intent" value="publish" />
          <Field label={t("calendar.year")} meta={yearFields.year} />
          <button type="submit" className="primary">
            {t("calendar.publish")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => titleFor(matches, "calendar.title");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
