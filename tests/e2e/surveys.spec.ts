import type { Page } from "@playwright/test";
import { en, expect, registerCustomer, signInAsStaff, switchLanguage, test, zh } from "./support/fixtures";

/** The customer submits an enquiry; returns its acceptance number. */
async function submitEnquiry(page: Page): Promise<string> {
  await page.goto("/portal/requests/new/inquiry");
  await page.getByLabel(zh("request.field.subject")).fill("信用卡年费");
  await page.getByLabel(zh("request.field.message")).fill("白金卡的年费是多少？");
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  return (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
}

/** An agent takes the enquiry, accepts it (nothing to approve) and records it as completed. */
async function completeOnDesk(agent: Page, number: string) {
  await agent.goto(`/desk/requests/${number}`);
  await expect(agent.getByRole("heading", { level: 1 })).toContainText(number);
  for (const action of ["desk.action.claim", "desk.action.accept", "desk.action.complete"] as const) {
    await agent.getByRole("button", { name: zh(action), exact: true }).click();
  }
  await expect(agent.locator(".status").first()).toHaveText(zh("request.status.completed"));
}

/** The survey link in the email the mail catcher received for `number`. */
async function surveyLinkFromMail(adminPage: Page, email: string, number: string): Promise<string> {
  await adminPage.goto("/admin/mail");
  const row = adminPage.getByRole("row", { name: email }).filter({ hasText: number }).filter({ hasText: "满意度调查" });
  await expect(async () => {
    await adminPage.reload();
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole("link").first().click();
  const body = adminPage.getByRole("region", { name: zh("mail.text_body") });
  await expect(body).toContainText(number);
  const text = (await body.textContent()) ?? "";
  const link = /https?:\/\/\S+?\/survey\/[0-9a-f-]{36}\.[\w-]{43}/.exec(text)?.[0];
  if (!link) throw new Error("no survey link in the email");
  return new URL(link).pathname;
}

test("[CUSTOMER] answers the survey of a completed request from the email, without JavaScript, once", async ({ page, newPage, adminPage }) => {
  test.slow();
  const customer = await registerCustomer(page);
  const number = await submitEnquiry(page);
  const agent = await newPage();
  await signInAsStaff(agent, "agent");
  await completeOnDesk(agent, number);

  const surveyPath = await test.step("the survey email reaches the mail catcher with a link", () => surveyLinkFromMail(adminPage, customer.email, number));

  // Another device, not signed in, with JavaScript off: a plain HTML form.
  const phone = await newPage({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
  await test.step("the link shows what the survey is about, and nothing personal", async () => {
    const response = await phone.goto(surveyPath);
    expect(response?.status()).toBe(200);
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText(zh("survey.title"));
    await expect(phone.getByText(zh("survey.about_request", { number }))).toBeVisible();
    for (const secret of [customer.name, customer.email, customer.mobile, "白金卡"]) await expect(phone.getByText(secret)).toHaveCount(0);
    // Fits a phone: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  await test.step("an incomplete answer is refused with a message on each question", async () => {
    await phone.getByLabel(zh("survey.comment")).fill("等了太久。");
    await phone.getByRole("button", { name: zh("survey.submit") }).click();
    await expect(phone.getByRole("group", { name: zh("survey.score_legend") })).toHaveAccessibleDescription(zh("survey.score_required"));
    await expect(phone.getByRole("group", { name: zh("survey.resolved_legend") })).toHaveAccessibleDescription(zh("survey.resolved_required"));
    await expect(phone.getByLabel(zh("survey.comment"))).toHaveValue("等了太久。");
  });

  await test.step("2, not resolved, with a comment: thanks, and the quality team follows it up", async () => {
    await phone.getByRole("radio", { name: zh("survey.score.2") }).check();
    await phone.getByRole("radio", { name: zh("survey.resolved.no") }).check();
    await phone.getByRole("button", { name: zh("survey.submit") }).click();
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText(zh("survey.thanks_title"));
    await expect(phone.getByRole("status")).toContainText(zh("survey.thanks_follow_up"));
  });

  await test.step("the link again says it was answered already; a changed link is not valid", async () => {
    await phone.goto(surveyPath);
    await expect(phone.getByText(zh("survey.already_answered"))).toBeVisible();
    await expect(phone.getByRole("button", { name: zh("survey.submit") })).toHaveCount(0);
    const tampered = surveyPath.slice(0, -1) + (surveyPath.endsWith("A") ? "B" : "A");
    const response = await phone.goto(tampered);
    expect(response?.status()).toBe(404);
    await expect(phone.getByText(zh("survey.not_found"))).toBeVisible();
  });

  await test.step("the portal has no survey waiting any more", async () => {
    await page.goto("/portal/surveys");
    await expect(page.getByText(zh("survey.pending_empty"))).toBeVisible();
  });
});

test("[CUSTOMER] answers a waiting survey in the portal, in English", async ({ page, newPage }) => {
  test.slow();
  await registerCustomer(page);
  const number = await submitEnquiry(page);
  const agent = await newPage();
  await signInAsStaff(agent, "agent");
  await completeOnDesk(agent, number);

  await page.goto("/portal");
  await switchLanguage(page, "en");
  await page.getByRole("link", { name: en("survey.pending_link", { count: 1 }) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("survey.pending_title"));
  const row = page.getByRole("row", { name: new RegExp(number) });
  await expect(row).toContainText(en("survey.about_request", { number }));
  await row.getByRole("link", { name: en("survey.answer_link") }).click();
  await expect(page).toHaveURL(/\/portal\/surveys\/[0-9a-f-]{36}$/);
  const surveyPath = new URL(page.url()).pathname;

  await page.getByRole("radio", { name: en("survey.score.5") }).check();
  await page.getByRole("radio", { name: en("survey.resolved.yes") }).check();
  await page.getByRole("button", { name: en("survey.submit") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("survey.thanks_title"));
  await expect(page.getByRole("status")).toHaveText(en("survey.thanks"));

  await page.goto("/portal");
  await expect(page.getByRole("link", { name: /survey/i })).toHaveCount(0);

  await test.step("another customer's survey is not found", async () => {
    const stranger = await newPage();
    await registerCustomer(stranger);
    const response = await stranger.goto(surveyPath);
    expect(response?.status()).toBe(404);
  });
});

test("[ADMIN] sets how long survey links stay valid and the complaint periods", async ({ adminPage }) => {
  await adminPage.goto("/admin/settings");
  const surveys = adminPage.getByRole("form", { name: zh("settings.survey_title") });
  await surveys.getByLabel(zh("settings.survey_expiry")).fill("0");
  await surveys.getByRole("button", { name: zh("settings.survey_save") }).click();
  await expect(surveys.getByLabel(zh("settings.survey_expiry"))).toHaveAccessibleDescription(new RegExp(zh("settings.survey_expiry_invalid")));
  // The default again, so the other tests' surveys are unaffected.
  await surveys.getByLabel(zh("settings.survey_expiry")).fill("14");
  await surveys.getByRole("button", { name: zh("settings.survey_save") }).click();
  await expect(surveys.getByRole("status")).toHaveText(zh("settings.saved"));

  const complaints = adminPage.getByRole("form", { name: zh("settings.complaint_title") });
  await complaints.getByLabel(zh("settings.retention_years")).fill("31");
  await complaints.getByRole("button", { name: zh("settings.complaint_save") }).click();
  await expect(complaints.getByLabel(zh("settings.retention_years"))).toHaveAccessibleDescription(new RegExp(zh("settings.retention_years_invalid")));
  await complaints.getByLabel(zh("settings.confirmation_days")).fill("7");
  await complaints.getByLabel(zh("settings.retention_years")).fill("5");
  await complaints.getByRole("button", { name: zh("settings.complaint_save") }).click();
  await expect(complaints.getByRole("status")).toHaveText(zh("settings.saved"));
  await expect(surveys.getByRole("status")).toHaveCount(0);
});
