import type { Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { DEMO_PASSWORD } from "../../db/seed";
import {
  createStaffAccount,
  demoStaff,
  expect,
  signIn,
  submitTotp,
  test,
  uniqueEmail,
  zh,
} from "./support/fixtures";

test("[AGENT] cannot reach the desk with a password alone, and can after the TOTP code", async ({ page }) => {
  const agent = demoStaff("agent");
  await signIn(page, { email: agent.email, password: DEMO_PASSWORD });
  await expect(page).toHaveURL(/\/auth\/two-factor$/);
  await expect(page.getByRole("heading", { name: zh("auth.two_factor_title") })).toBeVisible();

  for (const path of ["/desk", "/account", "/admin/staff"]) {
    await page.goto(path);
    await expect(page, `${path} before the second factor`).toHaveURL(/\/auth\/two-factor$/);
  }
  // Half signed in is not signed in: the header offers no staff navigation yet.
  await expect(page.getByRole("link", { name: zh("nav.desk") })).toHaveCount(0);

  await submitTotp(page, agent.totpSecret);
  await expect(page).toHaveURL(/\/desk$/);
  const response = await page.goto("/desk");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: zh("desk.title") })).toBeVisible();
  await expect(page.getByRole("link", { name: zh("nav.desk") })).toBeVisible();
});

/** An admin creates a staff member, who signs in with the first password: the setup page. */
async function newStaffAtSetup(adminPage: Page, newPage: () => Promise<Page>) {
  const newcomer = { name: "新员工 周敏", email: uniqueEmail("staff"), roles: ["agent" as const] };
  const firstPassword = await createStaffAccount(adminPage, newcomer);
  const page = await newPage();
  await signIn(page, { email: newcomer.email, password: firstPassword });
  await expect(page).toHaveURL(/\/auth\/two-factor-setup$/);
  const secret = (await page.getByText(zh("auth.setup_secret")).locator("code").textContent())?.trim() ?? "";
  return { page, newcomer, secret };
}

test("[STAFF] a new staff member must enrol TOTP from a QR code or a typed key before the desk", async ({ adminPage, newPage }) => {
  const { page, newcomer, secret } = await newStaffAtSetup(adminPage, newPage);
  await page.goto("/desk");
  await expect(page, "the desk before enrolment").toHaveURL(/\/auth\/two-factor-setup$/);

  await expect(page.getByRole("heading", { name: zh("auth.setup_title") })).toBeVisible();
  await expect(page.getByText(zh("auth.setup_intro_staff"))).toBeVisible();
  const qr = page.getByRole("img", { name: zh("auth.setup_qr_alt") });
  await expect(qr).toBeVisible();
  await expect(qr.locator("svg")).toBeVisible();
  expect(secret, "the key is shown as text, for typing by hand").toMatch(/^[A-Z2-7]{16,}$/);

  await test.step("a wrong code is refused with a message", async () => {
    const stale = new TOTP({ secret, period: 30 }).generate({ timestamp: Date.now() - 10 * 60_000 });
    await page.getByLabel(zh("auth.code"), { exact: true }).fill(stale);
    await page.getByRole("button", { name: zh("auth.setup_submit") }).click();
    await expect(page.getByRole("alert")).toHaveText([zh("auth.code_invalid")]);
  });

  await submitTotp(page, secret);
  await page.goto("/desk");
  await expect(page.getByRole("heading", { name: zh("desk.title") })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: zh("role.agent") })).toBeVisible();

  await adminPage.goto("/admin/staff");
  await expect(adminPage.getByRole("row", { name: newcomer.email })).toContainText(zh("account.two_factor_on"));
});

test("[STAFF] gets 10 recovery codes on enrolling TOTP", async ({ adminPage, newPage }) => {
  const { page, secret } = await newStaffAtSetup(adminPage, newPage);
  await submitTotp(page, secret);
  await page.waitForLoadState("networkidle");
  // The codes must stay on screen until the person says they have saved them.
  await expect(page).toHaveURL(/\/auth\/recovery-codes$/);
  await expect(page.getByRole("heading", { name: zh("auth.recovery_title") })).toBeVisible();
  const codes = page.getByRole("list", { name: zh("auth.recovery_title") }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  expect(new Set(await codes.allTextContents()).size, "recovery codes are all different").toBe(10);

  await page.getByRole("link", { name: zh("auth.recovery_done") }).click();
  await expect(page).toHaveURL(/\/desk$/);

  // Shown once: coming back finds them gone.
  await page.goto("/auth/recovery-codes");
  await expect(page).toHaveURL(/\/desk$/);
});
