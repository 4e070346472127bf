import type { Locator, Page } from "@playwright/test";
import { expect, registerCustomer, signInAsStaff, test, tFor, zh } from "./support/fixtures";

/** The counts behind one figure of the current period, as the page shows them. */
async function counts(page: Page, figure: string): Promise<{ numerator: number; denominator: number }> {
  const cell = page.locator(`tr[data-figure="${figure}"] td[data-period="current"]`);
  return {
    numerator: Number((await cell.getAttribute("data-numerator")) ?? "0"),
    denominator: Number(await cell.getAttribute("data-denominator")),
  };
}

async function openChat(page: Page): Promise<Locator> {
  const t = await tFor(page);
  await page.getByRole("button", { name: t("chat.launcher") }).click();
  const chat = page.getByRole("dialog", { name: t("chat.title") });
  await expect(chat).toBeVisible();
  return chat;
}

test("[QUALITY] reads the last 90 days of chats; a chat the bot handled and a visitor rated 2 shows in every figure", async ({ page, newPage }) => {
  await signInAsStaff(page, "quality");
  await page.getByRole("navigation").getByRole("link", { name: zh("quality.nav") }).click();
  await expect(page).toHaveURL(/\/quality$/);
  await expect(page.getByRole("heading", { name: zh("quality.dashboard_title") })).toBeVisible();

  // The plain GET form: the period and the channel.
  await page.getByLabel(zh("quality.period_label")).selectOption("90d");
  await page.getByLabel(zh("quality.filter.channel")).selectOption("chat");
  await page.getByRole("button", { name: zh("quality.apply") }).click();
  await expect(page).toHaveURL(/period=90d/);
  await expect(page).toHaveURL(/channel=chat/);
  await expect(page.locator("tr[data-figure]")).toHaveCount(15);
  // Requests are made in the portal: none of them was made in the chat.
  expect(await counts(page, "sla_compliance")).toEqual({ numerator: 0, denominator: 0 });
  await page.locator('tr[data-figure="response_rate"]').getByText(zh("quality.definition_summary")).click();
  await expect(page.getByText(zh("quality.definition.response_rate"))).toBeVisible();
  const before = {
    answers: await counts(page, "satisfaction_top_share"),
    sent: await counts(page, "response_rate"),
    chats: await counts(page, "bot_containment"),
  };

  // A visitor talks to the bot only, ends the chat and rates it 2.
  const visitor = await newPage();
  await visitor.goto("/track");
  const t = await tFor(visitor);
  const chat = await openChat(visitor);
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill("怎么开户");
  await box.press("Enter");
  await expect(chat.getByRole("log").getByRole("listitem")).toHaveCount(2);
  await chat.getByRole("button", { name: t("chat.end") }).click();
  await expect(chat.getByText(t("chat.status.closed"), { exact: true })).toBeVisible();
  await chat.getByRole("group", { name: t("chat.rate_title") }).getByRole("radio", { name: t("chat.rate_option", { rating: 2 }) }).check();
  await chat.getByRole("button", { name: t("chat.rate_submit") }).click();
  await expect(chat.getByRole("status")).toHaveText(t("chat.rate_thanks"));

  await page.reload();
  expect(await counts(page, "satisfaction_top_share")).toEqual({ numerator: before.answers.numerator, denominator: before.answers.denominator + 1 });
  expect(await counts(page, "response_rate")).toEqual({ numerator: before.sent.numerator + 1, denominator: before.sent.denominator + 1 });
  expect(await counts(page, "bot_containment")).toEqual({ numerator: before.chats.numerator + 1, denominator: before.chats.denominator + 1 });
  await expect(page.getByRole("heading", { name: zh("quality.trend_title") })).toBeVisible();
  await expect(page.getByRole("img", { name: zh("quality.trend_caption.week") })).toBeVisible();
});

test("[QUALITY] a hand-edited address falls back to the last 30 days with a message", async ({ page }) => {
  await signInAsStaff(page, "quality");
  const response = await page.goto("/quality?period=forever&channel=fax&from=2026-13-45");
  expect(response?.status()).toBe(200);
  await expect(page.getByText(zh("quality.period.invalid"))).toBeVisible();
  await expect(page.getByText(zh("quality.filter.invalid"))).toBeVisible();
  await expect(page.getByLabel(zh("quality.period_label"))).toHaveValue("30d");
});

test("[CUSTOMER] is refused the quality dashboard", async ({ page }) => {
  await registerCustomer(page);
  const response = await page.goto("/quality");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: zh("page.forbidden_title") })).toBeVisible();
});
