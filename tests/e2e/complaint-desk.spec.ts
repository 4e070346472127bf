import { DEMO_CUSTOMERS, DEMO_PASSWORD } from "../../db/seed";
import { demoStaff, expect, signIn, signInAsStaff, test, zh } from "./support/fixtures";

// 刘洋: a demo customer no other test files complaints for.
const customer = DEMO_CUSTOMERS.find((c) => c.email === "liu@trustline.test")!;
const investigator = demoStaff("investigator");

const FINDING = "内部调查：网点经理越权口头承诺终身免年费。";
const RESPONSE = "经调查，我行将于 3 个工作日内退还您被收取的 300 元年费，并对给您带来的不便深表歉意。";

test("[AGENT][SUPERVISOR][INVESTIGATOR] a complaint taken by phone is investigated, approved by a supervisor and answered in the portal", async ({ page, newPage }) => {
  // Three staff sign-ins, each of which may wait for an unused TOTP step.
  test.setTimeout(240_000);
  let number = "";

  await test.step("the agent takes the complaint down by phone for the customer, found by mobile", async () => {
    await signInAsStaff(page, "agent");
    await page.getByRole("navigation", { name: zh("nav.main") }).getByRole("link", { name: zh("nav.desk_complaints") }).click();
    await page.getByRole("link", { name: zh("complaint_desk.new_title") }).click();
    await page.getByLabel(zh("complaint_desk.field.customer")).fill(customer.mobile);
    await page.getByRole("button", { name: zh("complaint_desk.find_customer") }).click();
    await expect(page.getByRole("status")).toContainText("刘*");
    await expect(page.getByRole("status")).toContainText("137****0003");
    await page.getByLabel(zh("complaint_desk.field.channel")).selectOption("phone");
    await page.getByLabel(zh("complaint.field.category")).selectOption("fees");
    await page.getByLabel(zh("complaint.field.businessLine")).selectOption("cards");
    await page.getByLabel(zh("complaint.field.whatHappened")).fill("客户来电称信用卡被收取 300 元年费，办卡时网点承诺终身免年费。");
    await page.getByLabel(zh("complaint.field.whenHappened")).fill("11月20日");
    await page.getByLabel(zh("complaint.field.request")).fill("退还年费。");
    await page.getByRole("button", { name: zh("complaint_desk.new_submit") }).click();
    await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
    number = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/TL\d{14}/)![0];
    await expect(page.getByText(zh("complaint_desk.channel.phone"), { exact: true })).toBeVisible();
    // An agent reads the complaint but neither assigns nor investigates it.
    await expect(page.getByRole("button", { name: zh("complaint_desk.submit.assign") })).toHaveCount(0);
  });

  const supervisorPage = await newPage();
  await test.step("the supervisor assigns the investigator", async () => {
    await signInAsStaff(supervisorPage, "supervisor");
    await supervisorPage.goto("/desk/complaints");
    await supervisorPage.getByRole("link", { name: number }).click();
    await supervisorPage.getByLabel(zh("complaint_desk.field.investigator")).selectOption({ label: investigator.name });
    await supervisorPage.getByRole("button", { name: zh("complaint_desk.submit.assign") }).click();
    await expect(supervisorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.investigating"));
  });

  const investigatorPage = await newPage();
  await test.step("the investigator records an internal finding and proposes a resolution, which they cannot approve", async () => {
    await signInAsStaff(investigatorPage, "investigator");
    await investigatorPage.goto(`/desk/complaints?mine=1`);
    await investigatorPage.getByRole("link", { name: number }).click();
    await investigatorPage.getByLabel(zh("complaint_desk.field.note_kind")).selectOption("finding");
    await investigatorPage.getByLabel(zh("complaint_desk.field.note_text")).fill(FINDING);
    await investigatorPage.getByRole("button", { name: zh("complaint_desk.submit.note") }).click();
    const finding = investigatorPage.locator(".timeline li.internal").filter({ hasText: FINDING });
    await expect(finding).toContainText(zh("complaint_desk.internal"));

    // A mistake is answered on its field.
    await investigatorPage.getByRole("button", { name: zh("complaint_desk.submit.propose") }).click();
    await expect(investigatorPage.getByLabel(zh("complaint_desk.field.response"))).toHaveAccessibleDescription(new RegExp(zh("error.required")));
    await investigatorPage.getByLabel(zh("complaint_desk.field.remedy")).fill("退还 300 元年费。");
    await investigatorPage.getByLabel(zh("complaint_desk.field.response")).fill(RESPONSE);
    await investigatorPage.getByRole("button", { name: zh("complaint_desk.submit.propose") }).click();
    await expect(investigatorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.resolution_proposed"));
    await expect(investigatorPage.getByRole("button", { name: zh("complaint_desk.submit.approve") })).toHaveCount(0);
    // After a step the forms start empty again.
    await expect(investigatorPage.getByLabel(zh("complaint_desk.field.note_text"))).toHaveValue("");
  });

  await test.step("the supervisor approves: the response goes to the customer", async () => {
    await supervisorPage.reload();
    await expect(supervisorPage.getByRole("region", { name: zh("complaint_desk.resolution_title") })).toContainText(RESPONSE);
    // The time left, 15 days and some hours on a fresh complaint.
    await expect(supervisorPage.locator(".sla-on_track")).toContainText(new RegExp(zh("complaint_desk.time_left", { days: "1[45]", hours: "\\d+" })));
    await supervisorPage.getByRole("button", { name: zh("complaint_desk.submit.approve") }).click();
    await expect(supervisorPage.locator(".status").first()).toHaveText(zh("complaint_desk.status.awaiting_confirmation"));
  });

  await test.step("the customer's portal shows the response, not the internal finding", async () => {
    const customerPage = await newPage();
    await signIn(customerPage, { email: customer.email, password: DEMO_PASSWORD });
    await customerPage.goto(`/portal/complaints/${number}`);
    await expect(customerPage.locator(".status").first()).toHaveText(zh("complaint.status.awaiting_confirmation"));
    await expect(customerPage.getByText(RESPONSE).first()).toBeVisible();
    await expect(customerPage.getByText(zh("complaint.event.resolution_sent"))).toBeVisible();
    await expect(customerPage.getByText(FINDING)).toHaveCount(0);
    // Nor is the desk's page open to the customer.
    const response = await customerPage.goto(`/desk/complaints/${number}`);
    expect(response?.status()).toBe(403);
  });
});
