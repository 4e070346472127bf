import fs from "node:fs";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { expect, registerCustomer, signInAsStaff, test, tFor, zh } from "./support/fixtures";
import { openChat } from "./support/chat";

/** The counts behind one figure of the current period, as the page shows them. */
async function counts(page: Page, figure: string): Promise<{ numerator: number; denominator: number }> {
  const cell = page.locator(`tr[data-figure="${figure}"] td[data-period="current"]`);
  return {
    numerator: Number((await cell.getAttribute("data-numerator")) ?? "0"),
    denominator: Number(await cell.getAttribute("data-denominator")),
  };
}

/** A visitor asks the bot one question, ends the chat and rates it. */
async function rateBotChat(visitor: Page, rating: number): Promise<void> {
  await visitor.goto("/track");
  const t = await tFor(visitor);
  const chat = await openChat(visitor);
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill("怎么开户");
  await box.press("Enter");
  await expect(chat.getByRole("log").getByRole("listitem")).toHaveCount(2);
  await chat.getByRole("button", { name: t("chat.end") }).click();
  await expect(chat.getByText(t("chat.status.closed"), { exact: true })).toBeVisible();
  await chat.getByRole("group", { name: t("chat.rate_title") }).getByRole("radio", { name: t("chat.rate_option", { rating }) }).check();
  await chat.getByRole("button", { name: t("chat.rate_submit") }).click();
  await expect(chat.getByRole("status")).toHaveText(t("chat.rate_thanks"));
  await visitor.context().close();
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
  await rateBotChat(await newPage(), 2);

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

test("[CUSTOMER] and [AGENT] are refused the quality dashboard and its KPI downloads", async ({ page, newPage }) => {
  await registerCustomer(page);
  const response = await page.goto("/quality");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: zh("page.forbidden_title") })).toBeVisible();
  const agent = await newPage();
  await signInAsStaff(agent, "agent");
  for (const who of [page, agent]) {
    for (const path of ["/quality", "/quality/kpis.csv", "/quality/kpis.xlsx?period=7d"]) {
      expect([403, 404], path).toContain((await who.request.get(path, { maxRedirects: 0 })).status());
    }
  }
});

test("[QUALITY] downloads the KPI table as a workbook holding the dashboard's figures for its period and filters", async ({ page }) => {
  await signInAsStaff(page, "quality");
  await page.goto("/quality?period=90d&channel=chat");
  const link = page.getByRole("link", { name: zh("quality_review.export_xlsx") });
  await expect(link).toHaveAttribute("href", "/quality/kpis.xlsx?period=90d&channel=chat");
  await expect(page.getByRole("link", { name: zh("quality_review.export_csv") })).toHaveAttribute("href", "/quality/kpis.csv?period=90d&channel=chat");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows = page.locator("tr[data-figure]");
  expect(sheet.rowCount).toBe((await rows.count()) + 1);
  expect(sheet.getRow(1).getCell(1).value).toBe(zh("quality_review.kpi_column.figure"));
  for (let i = 0; i < (await rows.count()); i++) {
    const key = (await rows.nth(i).getAttribute("data-figure"))!;
    const row = sheet.getRow(i + 2);
    expect(row.getCell(1).value).toBe(zh(`quality.figure.${key}` as Parameters<typeof zh>[0]));
    expect(row.getCell(7).value, key).toBe((await counts(page, key)).denominator);
  }
  // Hand-edited addresses fall back to defaults; none fails.
  for (const path of ["/quality/kpis.xlsx?period=custom&from=2026-13-45&to=x&agent=1%20or%201%3D1", "/quality/surveys?period=forever&requestType=mortgage&branch=&month=99"]) {
    expect((await page.request.get(path)).status(), path).toBe(200);
  }
});

test("[QUALITY] a weakest area opens the survey answers of that area and period", async ({ page, newPage }) => {
  // Five bot chats rated low: the chat channel has enough answers to be named.
  for (const rating of [1, 2, 1, 2, 1]) await rateBotChat(await newPage(), rating);
  await signInAsStaff(page, "quality");
  await page.goto("/quality?period=7d");
  const weakest = page.getByRole("region", { name: zh("quality.weak_title") });
  const area = weakest.getByRole("link", { name: zh("complaint_desk.channel.chat") });
  await expect(area).toHaveAttribute("href", "/quality/surveys?period=7d&channel=chat");
  await area.click();
  await expect(page).toHaveURL(/\/quality\/surveys\?period=7d&channel=chat$/);
  await expect(page.getByLabel(zh("quality_review.filter.channel"))).toHaveValue("chat");
  // The last 7 days in China time, today included, as the list's own day range.
  const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  await expect(page.getByLabel(zh("quality_review.filter.to"))).toHaveValue(chinaDay(Date.now()));
  await expect(page.getByLabel(zh("quality_review.filter.from"))).toHaveValue(chinaDay(Date.now() - 6 * 86_400_000));
  const answers = page.locator("tbody tr");
  expect(await answers.count()).toBeGreaterThanOrEqual(5);
  for (const channel of await answers.locator("td:nth-child(3)").allTextContents()) expect(channel).toBe(zh("complaint_desk.channel.chat"));

  // The satisfaction figures link to the same answers.
  await page.goto("/quality?period=7d&channel=chat");
  await expect(page.locator('tr[data-figure="satisfaction_average"]').getByRole("link", { name: zh("quality.see_answers") })).toHaveAttribute(
    "href",
    "/quality/surveys?period=7d&channel=chat",
  );
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("[QUALITY] reads the satisfaction trend as a chart drawn on the server, with its values as a table", async ({ page }) => {
    await signInAsStaff(page, "quality");
    await page.goto("/quality?period=30d");
    const trend = page.getByRole("region", { name: zh("quality.trend_title") });
    const chart = trend.getByRole("img", { name: zh("quality.trend_caption.day") });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveJSProperty("tagName", "svg");
    await expect(chart.locator("desc")).toHaveText(zh("quality.trend_desc"));
    // One bar slot and one table row per day of the period; the axes carry the dates and ratings.
    await expect(trend.locator(".recharts-xAxis .recharts-cartesian-axis-tick").first()).toBeVisible();
    await expect(trend.locator(".recharts-line-curve").first()).toBeAttached();
    await expect(trend.locator("figcaption")).toHaveText(zh("quality.trend_caption.day"));
    await trend.getByText(zh("quality.trend_table")).click();
    const table = trend.getByRole("table");
    await expect(table.getByRole("columnheader", { name: zh("quality.trend_previous_average") })).toBeVisible();
    await expect(table.locator("tbody tr")).toHaveCount(30);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
  });
});
