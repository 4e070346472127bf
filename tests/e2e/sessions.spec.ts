import { expect, registerCustomer, signIn, test, zh } from "./support/fixtures";

test("[CUSTOMER] lists their sessions and ends the one on another device", async ({ page: laptop, newPage }) => {
  const customer = await registerCustomer(laptop);
  const phone = await newPage({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) E2E-Phone" });
  await signIn(phone, customer);
  await expect(phone).toHaveURL(/\/portal$/);

  await laptop.goto("/account");
  await expect(laptop.getByRole("heading", { name: zh("account.sessions") })).toBeVisible();
  const sessions = laptop.getByRole("region", { name: zh("account.sessions") }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: zh("account.session_this") })).toHaveCount(1);
  const phoneSession = sessions.filter({ hasText: "E2E-Phone" });
  await expect(phoneSession).toHaveCount(1);
  // The current session cannot be ended from the list (signing out does that).
  await expect(sessions.filter({ hasText: zh("account.session_this") }).getByRole("button")).toHaveCount(0);

  await phoneSession.getByRole("button", { name: zh("account.session_end") }).click();
  await expect(laptop.getByRole("status")).toHaveText(zh("account.sessions_ended", { count: 1 }));
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText(zh("account.session_this"));

  // The phone finds out at its next request.
  await phone.goto("/portal");
  await expect(phone).toHaveURL(/\/login\?redirectTo=%2Fportal$/);
  await expect(phone.getByRole("button", { name: zh("nav.sign_out") })).toHaveCount(0);

  // The laptop is still signed in.
  const still = await laptop.goto("/portal");
  expect(still?.status()).toBe(200);
  await expect(laptop.getByRole("heading", { name: zh("portal.welcome", { name: customer.name }) })).toBeVisible();
});

test("[CUSTOMER] signs out everywhere else in one go", async ({ page, newPage }) => {
  const customer = await registerCustomer(page);
  const others = [await newPage(), await newPage()];
  for (const other of others) await signIn(other, customer);

  await page.goto("/account");
  const sessions = page.getByRole("region", { name: zh("account.sessions") }).getByRole("listitem");
  await expect(sessions).toHaveCount(3);
  await page.getByRole("button", { name: zh("account.session_end_others") }).click();
  await expect(page.getByRole("status")).toHaveText(zh("account.sessions_ended", { count: 2 }));
  await expect(sessions).toHaveCount(1);
  for (const other of others) {
    await other.reload();
    await expect(other).toHaveURL(/\/login/);
  }
});

test.describe("in China's time zone", () => {
  test.use({ timezoneId: "Asia/Shanghai" });

  test("[CUSTOMER] sees their sessions without a page error", async ({ page }) => {
    await registerCustomer(page);
    await page.goto("/account");
    await expect(page.getByRole("region", { name: zh("account.sessions") }).getByRole("listitem")).toHaveCount(1);
    await page.waitForLoadState("networkidle");
  });
});
