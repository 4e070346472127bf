import type { Page } from "@playwright/test";
import { demoStaff, expect, registerCustomer, signInAsStaff, test, zh, type Customer } from "./support/fixtures";

const investigator = demoStaff("investigator");
const FINDING = "监控显示柜员态度生硬，已约谈。";

/** The text of the newest email to `to` about `number` with `subject` in its subject line, from the mail catcher. */
async function mailText(adminPage: Page, to: string, number: string, subject: string): Promise<string> {
  await adminPage.goto("/admin/mail");
  const row = adminPage.getByRole("row", { name: to }).filter({ hasText: number }).filter({ hasText: subject });
  await expect(async () => {
    await adminPage.reload();
    await expect(row.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row.first().getByRole("link").first().click();
  const body = adminPage.getByRole("region", { name: zh("mail.text_body") });
  await expect(body).toBeVisible();
  return (await body.textContent()) ?? "";
}

async function fileComplaint(page: Page, whatHappened: string): Promise<string> {
  await page.goto("/portal/complaints/new");
  await page.getByLabel(zh("complaint.field.category")).selectOption("service_attitude");
  await page.getByLabel(zh("complaint.field.businessLine")).selectOption("deposits");
  await page.getByLabel(zh("complaint.field.whatHappened")).fill(whatHappened);
  await page.getByLabel(zh("complaint.field.whenHappened")).fill("上周五上午");
  await page.getByLabel(zh("complaint.field.request")).fill("请网点当面致歉。");
  await page.getByRole("button", { name: zh("complaint.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  return (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
}

async function openOnDesk(page: Page, number: string) {
  await page.goto(`/desk/complaints/${number}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
}

async function assign(supervisorPage: Page, number: string) {
  await openOnDesk(supervisorPage, number);
  await supervisorPage.getByLabel(zh("complaint_desk.field.investigator")).selectOption({ label: investigator.name });
  await supervisorPage.getByRole("button", { name: zh("complaint_desk.submit.assign") }).click();
  await expect(supervisorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.investigating"));
}

async function investigateAndPropose(investigatorPage: Page, number: string, response: string) {
  await openOnDesk(investigatorPage, number);
  const finding = investigatorPage.locator(".timeline li.internal").filter({ hasText: FINDING });
  const before = await finding.count();
  await investigatorPage.getByLabel(zh("complaint_desk.field.note_kind")).selectOption("finding");
  await investigatorPage.getByLabel(zh("complaint_desk.field.note_text")).fill(FINDING);
  await investigatorPage.getByRole("button", { name: zh("complaint_desk.submit.note") }).click();
  await expect(finding).toHaveCount(before + 1);
  await investigatorPage.getByLabel(zh("complaint_desk.field.remedy")).fill("柜员已接受培训。");
  await investigatorPage.getByLabel(zh("complaint_desk.field.response")).fill(response);
  await investigatorPage.getByRole("button", { name: zh("complaint_desk.submit.propose") }).click();
  await expect(investigatorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.resolution_proposed"));
}

async function approve(supervisorPage: Page, number: string) {
  await openOnDesk(supervisorPage, number);
  await supervisorPage.getByRole("button", { name: zh("complaint_desk.submit.approve") }).click();
  await expect(supervisorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.awaiting_confirmation"));
}

async function acceptInPortal(page: Page, number: string, response: string) {
  await page.goto(`/portal/complaints/${number}`);
  await expect(page.getByRole("region", { name: zh("complaint.resolution_title") })).toContainText(response);
  await page.getByRole("button", { name: zh("complaint.accept") }).click();
  await expect(page.getByRole("status")).toHaveText(zh("complaint.answered.accept"));
  await expect(page.locator(".status").first()).toHaveText(zh("complaint.status.awaiting_survey"));
}

/** Follows the survey link from the email and answers it. */
async function answerSurveyFromEmail(page: Page, adminPage: Page, customer: Customer, number: string, answer: { score: 1 | 2 | 3 | 4 | 5; resolved: "yes" | "no" }) {
  const text = await mailText(adminPage, customer.email, number, "满意度调查");
  const link = text.match(/https?:\/\/\S+\/survey\/[\w.-]+/)![0];
  const path = new URL(link).pathname;
  await page.goto(path);
  await expect(page.getByText(zh("survey.about_complaint", { number }))).toBeVisible();
  await page.getByLabel(zh(`survey.score.${answer.score}`)).check();
  await page.getByLabel(zh(`survey.resolved.${answer.resolved}`)).check();
  await page.getByRole("button", { name: zh("survey.submit") }).click();
  await expect(page.getByRole("status")).toContainText(zh("survey.thanks"));
  return path;
}

test("[CUSTOMER][SUPERVISOR][INVESTIGATOR] a complaint runs the whole loop: dispute, reopening, acceptance, survey, archive — and a survey answer of 2 reopens another", async ({
  page,
  adminPage,
  newPage,
}) => {
  // Two staff sign-ins, each of which may wait for an unused TOTP step, and two complaints.
  test.setTimeout(420_000);
  const customer = await registerCustomer(page);
  const number = await fileComplaint(page, "柜员拒绝为我母亲开立储蓄账户，态度恶劣。");

  await test.step("the acknowledgement email arrives with the acceptance number", async () => {
    const text = await mailText(adminPage, customer.email, number, "投诉受理通知");
    expect(text).toContain(`受理编号为 ${number}`);
    expect(text).not.toContain("柜员");
  });

  const supervisorPage = await newPage();
  const investigatorPage = await newPage();
  await signInAsStaff(supervisorPage, "supervisor");
  await signInAsStaff(investigatorPage, "investigator");

  await test.step("an investigator records findings; a supervisor approves the resolution", async () => {
    await assign(supervisorPage, number);
    await investigateAndPropose(investigatorPage, number, "我行已核实情况，并向您致歉。");
    await approve(supervisorPage, number);
  });

  await test.step("the customer disputes it with a reason; it reopens to a supervisor", async () => {
    await page.goto(`/portal/complaints/${number}`);
    await expect(page.getByText(FINDING)).toHaveCount(0);
    // A dispute needs a reason: the form says so and nothing changes.
    await page.getByRole("button", { name: zh("complaint.dispute") }).click();
    await expect(page.getByLabel(zh("complaint.dispute_reason"))).toHaveAccessibleDescription(new RegExp(zh("complaint.reason_required")));
    await page.getByLabel(zh("complaint.dispute_reason")).fill("网点至今没有当面致歉。");
    await page.getByRole("button", { name: zh("complaint.dispute") }).click();
    await expect(page.getByRole("status")).toHaveText(zh("complaint.answered.dispute"));
    await expect(page.locator(".status").first()).toHaveText(zh("complaint.status.reopened"));

    await openOnDesk(supervisorPage, number);
    await expect(supervisorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.reopened"));
    await expect(supervisorPage.getByText("网点至今没有当面致歉。")).toBeVisible();
    await expect(supervisorPage.getByRole("definition").filter({ hasText: /^1$/ })).toBeVisible();
  });

  await test.step("a new resolution is approved and accepted", async () => {
    await assign(supervisorPage, number);
    await investigateAndPropose(investigatorPage, number, "网点负责人将于本周当面向您母亲致歉。");
    await approve(supervisorPage, number);
    await acceptInPortal(page, number, "网点负责人将于本周当面向您母亲致歉。");
  });

  await test.step("the survey link from the email is answered with 5; the complaint is archived", async () => {
    const surveyPath = await answerSurveyFromEmail(page, adminPage, customer, number, { score: 5, resolved: "yes" });
    // The link works once.
    await page.goto(surveyPath);
    await expect(page.getByText(zh("survey.already_answered"))).toBeVisible();

    await page.goto(`/portal/complaints/${number}`);
    await expect(page.locator(".status").first()).toHaveText(zh("complaint.status.archived"));
    await expect(page.getByText(zh("complaint.event.archived"))).toBeVisible();
    await expect(page.getByRole("button", { name: zh("complaint.accept") })).toHaveCount(0);
    await expect(page.getByRole("button", { name: zh("complaint.dispute") })).toHaveCount(0);
  });

  await test.step("nobody can edit the archived complaint any more", async () => {
    for (const staffPage of [supervisorPage, investigatorPage]) {
      await openOnDesk(staffPage, number);
      const [, afterDate] = zh("complaint_desk.archived_notice", { date: "\u0000" }).split("\u0000");
      await expect(staffPage.getByText(afterDate!.trim())).toBeVisible();
      await expect(staffPage.locator("main form button[type=submit]")).toHaveCount(0);
    }
  });

  await test.step("second path: a survey answer of 2 reopens a complaint", async () => {
    const second = await fileComplaint(page, "手机银行转账失败，客服电话一直占线。");
    await assign(supervisorPage, second);
    await investigateAndPropose(investigatorPage, second, "系统故障已修复，手续费已退还。");
    await approve(supervisorPage, second);
    await acceptInPortal(page, second, "系统故障已修复，手续费已退还。");
    await answerSurveyFromEmail(page, adminPage, customer, second, { score: 2, resolved: "yes" });
    await expect(page.getByRole("status")).toContainText(zh("survey.thanks_reopened"));

    await page.goto(`/portal/complaints/${second}`);
    await expect(page.locator(".status").first()).toHaveText(zh("complaint.status.reopened"));
    await openOnDesk(supervisorPage, second);
    await expect(supervisorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.reopened"));
  });
});
