import fs from "node:fs";
import { expect, fillSignInForm, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

test("[CUSTOMER][COMPLIANCE][AGENT] a customer downloads their data and closes the account; compliance completes it; nobody finds them again", async ({ page, newPage }) => {
  // Two staff sign-ins, each of which may wait for an unused TOTP step.
  test.setTimeout(240_000);
  const customer = await registerCustomer(page);
  let number = "";

  await test.step("the customer downloads their data as JSON and as a readable copy", async () => {
    await page.goto("/account");
    const json = page.waitForEvent("download");
    await page.getByRole("link", { name: zh("privacy.download_json") }).click();
    const jsonFile = await json;
    expect(jsonFile.suggestedFilename()).toMatch(/\.json$/);
    const data = JSON.parse(fs.readFileSync(await jsonFile.path(), "utf8")) as { profile: { email: string; mobile: string; name: string } };
    expect(data.profile).toMatchObject({ email: customer.email, mobile: customer.mobile, name: customer.name });

    const html = page.waitForEvent("download");
    await page.getByRole("link", { name: zh("privacy.download_html") }).click();
    const htmlFile = await html;
    expect(htmlFile.suggestedFilename()).toMatch(/\.html$/);
    const readable = fs.readFileSync(await htmlFile.path(), "utf8");
    expect(readable).toContain(`<html lang="zh-CN">`);
    expect(readable).toContain(zh("privacy.data.title"));
    expect(readable).toContain(customer.mobile);
  });

  await test.step("the customer asks to close the account, confirming with the password", async () => {
    await page.getByRole("link", { name: zh("privacy.close_link") }).click();
    await page.getByLabel(zh("privacy.password_label")).fill("not the password");
    await page.getByRole("button", { name: zh("privacy.close_submit") }).click();
    await expect(page.getByText(zh("privacy.password_wrong"))).toBeVisible();
    await page.getByLabel(zh("privacy.reason_label")).fill("不再使用网上银行。");
    await page.getByLabel(zh("privacy.password_label")).fill(customer.password);
    await page.getByRole("button", { name: zh("privacy.close_submit") }).click();
    await expect(page.getByRole("status")).toHaveText(zh("privacy.submitted"));
    const row = page.getByRole("row").filter({ hasText: zh("privacy.status.received") });
    number = (await row.textContent())!.match(/TL\d{14}/)![0];
    await expect(page.getByRole("button", { name: zh("privacy.close_submit") })).toHaveCount(0);
  });

  const compliancePage = await newPage();
  await test.step("the compliance officer sees what is held, starts and completes the request", async () => {
    await signInAsStaff(compliancePage, "compliance");
    await compliancePage.getByRole("navigation", { name: zh("nav.main") }).getByRole("link", { name: zh("nav.desk_privacy") }).click();
    await compliancePage.getByRole("link", { name: number }).click();
    await expect(compliancePage.getByText("不再使用网上银行。")).toBeVisible();
    await expect(compliancePage.getByRole("row", { name: new RegExp(zh("privacy.holding.sessions")) })).toContainText(zh("privacy.desk.erase"));
    await compliancePage.getByRole("button", { name: zh("privacy.desk.submit.start") }).click();
    await expect(compliancePage.getByRole("status")).toHaveText(zh("privacy.desk.done.start"));
    await compliancePage.getByRole("button", { name: zh("privacy.desk.submit.complete") }).click();
    await expect(compliancePage.getByRole("status")).toHaveText(zh("privacy.desk.done.complete"));
    await expect(compliancePage.getByText(zh("privacy.status.completed"), { exact: true })).toBeVisible();
    await expect(compliancePage.getByText(zh("privacy.desk.retained_until"))).toBeVisible();
  });

  await test.step("the customer is signed out and can no longer sign in", async () => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
    await fillSignInForm(page, { email: customer.email, password: customer.password });
    await expect(page.getByText(zh("auth.invalid_credentials"))).toBeVisible();
  });

  const agentPage = await newPage();
  await test.step("an agent can no longer find the customer by mobile or email", async () => {
    await signInAsStaff(agentPage, "agent");
    for (const lookup of [customer.mobile, customer.email]) {
      await agentPage.goto("/desk/complaints/new");
      await agentPage.getByLabel(zh("complaint_desk.field.customer")).fill(lookup);
      await agentPage.getByRole("button", { name: zh("complaint_desk.find_customer") }).click();
      await expect(agentPage.getByText(zh("complaint_desk.customer_not_found"))).toBeVisible();
    }
  });
});
