import type { Page } from "@playwright/test";
import { createStaffAccount, demoStaff, en, expect, test, tFor, uniqueEmail, zh } from "./support/fixtures";

test("[ADMIN] creates a staff account with two roles and finds it in the staff list", async ({ adminPage }) => {
  const staff = { name: "调查主管 林晓", email: uniqueEmail("two-roles"), roles: ["investigator", "supervisor"] as const };
  const firstPassword = await createStaffAccount(adminPage, { ...staff, roles: [...staff.roles] });
  expect(firstPassword.length).toBeGreaterThanOrEqual(12);
  const status = adminPage.getByRole("status");
  await expect(status).toContainText(zh("role.investigator"));
  await expect(status).toContainText(zh("role.supervisor"));

  await adminPage.getByRole("link", { name: zh("admin.staff_title") }).click();
  await expect(adminPage).toHaveURL(/\/admin\/staff$/);
  const row = adminPage.getByRole("row", { name: staff.email });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(0)).toHaveText(staff.name);
  const roles = row.getByRole("cell").nth(2);
  await expect(roles).toContainText(zh("role.investigator"));
  await expect(roles).toContainText(zh("role.supervisor"));
  await expect(row).toContainText(zh("account.two_factor_off"));

  // The first password is shown once: it is not on the list, nor on a reload of the form.
  await expect(adminPage.getByText(firstPassword)).toHaveCount(0);
  await adminPage.goto("/admin/staff/new");
  await expect(adminPage.getByText(firstPassword)).toHaveCount(0);
});

async function submitStaffForm(page: Page, input: { name?: string; email?: string; roles?: string[] }) {
  const t = await tFor(page);
  await page.getByLabel(t("admin.staff_name"), { exact: true }).fill(input.name ?? "");
  await page.getByLabel(t("admin.staff_email"), { exact: true }).fill(input.email ?? "");
  for (const checkbox of await page.getByRole("checkbox").all()) await checkbox.uncheck();
  for (const role of input.roles ?? []) await page.getByRole("checkbox", { name: role }).check();
  const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/admin/staff/new");
  await page.getByRole("button", { name: t("admin.staff_submit") }).click();
  return (await response).status();
}

for (const [locale, t] of [
  ["zh-CN", zh],
  ["en-US", en],
] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test(`[ADMIN] gets field messages for a bad staff form, never a 500 (${locale})`, async ({ adminPage: page }) => {
      await page.goto("/admin/staff/new");
      await expect(page.getByRole("heading", { name: t("admin.staff_new") })).toBeVisible();
      const name = page.getByLabel(t("admin.staff_name"), { exact: true });
      const email = page.getByLabel(t("admin.staff_email"), { exact: true });
      const rolesGroup = page.getByRole("group", { name: t("admin.staff_roles") });

      await test.step("empty form", async () => {
        expect(await submitStaffForm(page, {})).toBe(400);
        await expect(name).toHaveAccessibleDescription(t("error.required"));
        await expect(email).toHaveAccessibleDescription(t("error.required"));
        await expect(rolesGroup).toHaveAccessibleDescription(t("error.roles_required"));
      });

      await test.step("malformed email and a 10,000-character name", async () => {
        const status = await submitStaffForm(page, { name: "N".repeat(10_000), email: "not an email", roles: [t("role.agent")] });
        expect(status).toBe(400);
        await expect(name).toHaveAccessibleDescription(t("error.too_long"));
        await expect(email).toHaveAccessibleDescription(t("error.email_invalid"));
        await expect(rolesGroup).not.toHaveAccessibleDescription(t("error.roles_required"));
      });

      await test.step("an email that already has an account", async () => {
        const status = await submitStaffForm(page, { name: "重复 邮箱", email: demoStaff("agent").email, roles: [t("role.agent")] });
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        await expect(email).toHaveAccessibleDescription(t("error.email_taken"));
      });

      await test.step("a role that does not exist, posted by hand", async () => {
        const response = await page.request.post("/admin/staff/new", {
          form: { name: "Hand Made", email: uniqueEmail("bad-role"), roles: "superuser" },
        });
        expect(response.status()).toBe(400);
      });
    });
  });
}
