import type { Page } from "@playwright/test";
import { expect, registerCustomer, test, zh } from "./support/fixtures";

async function fillComplaint(page: Page, whatHappened: string) {
  await page.getByLabel(zh("complaint.field.category")).selectOption("fees");
  await page.getByLabel(zh("complaint.field.businessLine")).selectOption("cards");
  await page.getByLabel(zh("complaint.field.whatHappened")).fill(whatHappened);
  await page.getByLabel(zh("complaint.field.whenHappened")).fill("11月20日下午");
  await page.getByLabel(zh("complaint.field.branch")).fill("朝阳支行");
  await page.getByLabel(zh("complaint.field.request")).fill("退还年费并书面确认终身免年费。");
}

test("[CUSTOMER] files a complaint and sees it acknowledged", async ({ page, adminPage }) => {
  const customer = await registerCustomer(page);

  await test.step("an empty list first", async () => {
    await page.getByRole("link", { name: zh("complaint.list_title") }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("complaint.list_title"));
    await expect(page.getByText(zh("complaint.list_empty"))).toBeVisible();
  });

  await test.step("a mistake is answered on its field, then the complaint is filed", async () => {
    await page.getByRole("link", { name: zh("complaint.new_button") }).click();
    await page.getByRole("button", { name: zh("complaint.submit") }).click();
    await expect(page.getByLabel(zh("complaint.field.whatHappened"))).toHaveAccessibleDescription(new RegExp(zh("error.required")));
    await fillComplaint(page, "信用卡被收取 300 元年费，但办卡时网点说明终身免年费。");
    await page.getByRole("button", { name: zh("complaint.submit") }).click();
    await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  });
  const number = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
  await expect(page.locator(".status").first()).toHaveText(zh("complaint.status.acknowledged"));
  await expect(page.getByText(zh("complaint.event.received"))).toBeVisible();
  await expect(page.getByText("朝阳支行")).toBeVisible();

  await test.step("it is in \"My complaints\" with its deadline", async () => {
    await page.getByRole("link", { name: zh("complaint.list_title") }).click();
    const row = page.getByRole("row", { name: new RegExp(number) });
    await expect(row).toContainText(zh("complaint.category.fees"));
    await expect(row).toContainText(zh("complaint.status.acknowledged"));
  });

  await test.step("the acknowledgement email reaches the mail catcher, without what the customer wrote", async () => {
    await adminPage.goto("/admin/mail");
    const row = adminPage.getByRole("row", { name: customer.email }).filter({ hasText: number });
    await expect(async () => {
      await adminPage.reload();
      await expect(row).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await row.getByRole("link").first().click();
    const body = adminPage.getByRole("region", { name: zh("mail.text_body") });
    await expect(body).toContainText(`投诉，受理编号为 ${number}`);
    await expect(body).toContainText(`/portal/complaints/${number}`);
    await expect(body).not.toContainText("年费");
  });

  await test.step("another customer cannot open it", async () => {
    await page.context().clearCookies();
    await registerCustomer(page);
    const response = await page.goto(`/portal/complaints/${number}`);
    expect(response?.status()).toBe(404);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("[CUSTOMER] files a complaint with a plain form post", async ({ page }) => {
    await registerCustomer(page);
    await page.goto("/portal/requests/new");
    await page.getByRole("link", { name: new RegExp(zh("request.type.complaint")) }).click();
    await fillComplaint(page, "转账被延迟三天到账，期间多次致电无人处理。");
    await page.getByLabel(zh("complaint.field.request")).fill("");
    await page.getByRole("button", { name: zh("complaint.submit") }).click();
    // The server answers the whole page with the message on the field, and keeps what was typed.
    await expect(page.getByLabel(zh("complaint.field.request"))).toHaveAccessibleDescription(new RegExp(zh("error.required")));
    await expect(page.getByLabel(zh("complaint.field.branch"))).toHaveValue("朝阳支行");
    await page.getByLabel(zh("complaint.field.request")).fill("请说明延迟原因。");
    await page.getByRole("button", { name: zh("complaint.submit") }).click();
    await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
    await expect(page.locator(".status").first()).toHaveText(zh("complaint.status.acknowledged"));
  });
});
