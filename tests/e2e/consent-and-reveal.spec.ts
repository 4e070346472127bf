import type { Page } from "@playwright/test";
import { PRIVACY_NOTICE_VERSION } from "../../domain/consents/consent-rules";
import { agreeToSensitiveNotice, expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

const RESIDENT_ID = "11010519491231002X";

async function fillAccountOpening(page: Page) {
  await page.goto("/portal/requests/new/account_opening");
  await page.getByLabel(zh("request.field.holder")).selectOption("individual");
  await page.getByLabel(zh("request.field.realName")).fill("张三");
  await page.getByLabel(zh("request.field.residentId")).fill(RESIDENT_ID);
  await page.getByLabel(zh("request.field.mobile")).fill("13800000000");
}

async function submitAccountOpening(page: Page): Promise<string> {
  await fillAccountOpening(page);
  await agreeToSensitiveNotice(page);
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  return (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
}

test("[CUSTOMER] is refused an account opening without the separate consent, accepted with it, and withdraws it on the account page", async ({ page }) => {
  await registerCustomer(page);

  await test.step("the notice is one click away from every page", async () => {
    await page.getByRole("contentinfo").getByRole("link", { name: zh("app.privacy_notice_link") }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("privacy_notice.title"));
    await expect(page.getByText(zh("privacy_notice.version", { version: PRIVACY_NOTICE_VERSION }))).toBeVisible();
  });

  await test.step("without ticking the consent nothing is stored and the checkbox says why", async () => {
    await fillAccountOpening(page);
    const consent = page.getByRole("group", { name: zh("consent.legend") }).getByRole("checkbox");
    await expect(consent).not.toBeChecked();
    await page.getByRole("button", { name: zh("request.submit") }).click();
    await expect(consent).toHaveAccessibleDescription(zh("consent.required"));
    await page.goto("/portal");
    await expect(page.getByText(zh("request.list_empty"))).toBeVisible();
  });

  await test.step("with the consent ticked the request is accepted; the next form says when consent was given", async () => {
    await submitAccountOpening(page);
    await page.goto("/portal/requests/new/loan");
    await expect(page.getByRole("group", { name: zh("consent.legend") })).toHaveCount(0);
    await expect(page.locator(".consent-on-record")).toContainText(PRIVACY_NOTICE_VERSION);
  });

  await test.step("the account page shows the consent and withdraws it; the next sensitive form asks again", async () => {
    await page.getByRole("link", { name: zh("nav.account") }).click();
    const section = page.getByRole("region", { name: zh("account.consent_title") });
    await expect(section).toContainText(zh("consent.channel.portal"));
    await section.getByRole("button", { name: zh("account.consent_withdraw") }).click();
    await expect(section.getByRole("status")).toHaveText(zh("account.consent_withdrawn"));
    await expect(section).toContainText(zh("account.consent_none", { version: PRIVACY_NOTICE_VERSION }));
    await expect(section.getByRole("listitem")).toContainText(PRIVACY_NOTICE_VERSION);
    await page.goto("/portal/requests/new/account_opening");
    await expect(page.getByRole("group", { name: zh("consent.legend") }).getByRole("checkbox")).not.toBeChecked();
  });
});

test("[AGENT] reveals a customer's ID number on a reason, once, and the desk shows who did and why", async ({ page, newPage }) => {
  await registerCustomer(page);
  const number = await submitAccountOpening(page);
  const agent = await newPage();
  const staff = await signInAsStaff(agent, "agent");

  await test.step("the ID number is masked, and an address that used to reveal it no longer does", async () => {
    await agent.goto(`/desk/requests/${number}?reveal=1`);
    await expect(agent.getByText("1****************X")).toBeVisible();
    await expect(agent.getByText(RESIDENT_ID)).toHaveCount(0);
    await expect(agent.getByRole("region", { name: zh("reveal.log_title") })).toContainText(zh("reveal.log_empty"));
  });

  await test.step("a reveal without a reason is refused in the agent's language", async () => {
    await agent.getByRole("button", { name: zh("reveal.submit") }).click();
    await expect(agent.getByLabel(zh("reveal.reason"))).toHaveAccessibleDescription(zh("reveal.reason_required"));
    await expect(agent.getByText(RESIDENT_ID)).toHaveCount(0);
  });

  await test.step("with a reason the number is shown for that response only, never cached", async () => {
    await agent.getByLabel(zh("reveal.reason")).selectOption("verify_identity");
    await agent.getByLabel(zh("reveal.note")).fill("客户来电，核对出生日期");
    const response = agent.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/desk/requests/${number}`);
    await agent.getByRole("button", { name: zh("reveal.submit") }).click();
    expect((await response).headers()["cache-control"]).toContain("no-store");
    await expect(agent.getByText(RESIDENT_ID)).toBeVisible();
    await expect(agent.getByRole("status")).toHaveText(zh("desk.revealed_note"));
  });

  await test.step("on the next visit it is masked again, and the log names the agent, the reason and their words", async () => {
    await agent.reload();
    await expect(agent.getByText("1****************X")).toBeVisible();
    await expect(agent.getByText(RESIDENT_ID)).toHaveCount(0);
    const log = agent.getByRole("region", { name: zh("reveal.log_title") });
    await expect(log.getByRole("listitem")).toContainText(`${staff.name} · ${zh("reveal.reason.verify_identity")}: 客户来电，核对出生日期`);
  });
});
