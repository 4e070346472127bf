import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import { pdfInfo } from "../support/pdf";
import { en, expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

/** This month in China time, as the report names it. */
const thisMonth = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 7);

/** Complaints received, as the report's table for one dimension shows them (0 without a row). */
async function received(page: Page, dimension: string, value: string): Promise<number> {
  const row = page.locator(`table[data-dimension="${dimension}"] tr[data-value="${value}"]`);
  return (await row.count()) === 0 ? 0 : Number(await row.locator("td").first().textContent());
}

async function fileComplaint(page: Page) {
  await page.goto("/portal/complaints/new");
  await page.getByLabel(zh("complaint.field.category")).selectOption("privacy");
  await page.getByLabel(zh("complaint.field.businessLine")).selectOption("wealth");
  await page.getByLabel(zh("complaint.field.whatHappened")).fill("理财经理把我的持仓情况告诉了我的同事。");
  await page.getByLabel(zh("complaint.field.whenHappened")).fill("上周五");
  await page.getByLabel(zh("complaint.field.branch")).fill("海淀支行");
  await page.getByLabel(zh("complaint.field.request")).fill("请调查并书面答复。");
  await page.getByRole("button", { name: zh("complaint.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
}

test("[QUALITY] reads this month's report in Chinese and English, counts a complaint just filed, and downloads the PDF", async ({ page, newPage }) => {
  test.slow();
  const month = thisMonth();
  await signInAsStaff(page, "quality");
  await page.goto("/quality/follow-ups");
  await page.getByRole("link", { name: zh("quality.report.nav") }).click();
  await expect(page).toHaveURL(/\/quality\/report$/);
  // Without a month: the last full one.
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(zh("quality.report.heading", { month }));

  // The plain GET form.
  await page.getByLabel(zh("quality.report.month_label")).fill(month);
  await page.getByRole("button", { name: zh("quality.report.show") }).click();
  await expect(page).toHaveURL(new RegExp(`month=${month}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("quality.report.heading", { month }));
  const before = {
    channel: await received(page, "channel", "portal"),
    businessLine: await received(page, "businessLine", "wealth"),
    category: await received(page, "category", "privacy"),
    total: await received(page, "channel", "total"),
  };

  const customer = await newPage();
  await registerCustomer(customer);
  await fileComplaint(customer);

  await page.reload();
  await test.step("every section, with the complaint counted once in each table", async () => {
    for (const key of ["quality.report.kpi_title", "quality.trend_title", "quality.report.complaints_title", "quality.weak_title", "quality.report.follow_ups_title"] as const) {
      await expect(page.getByRole("heading", { name: zh(key) })).toBeVisible();
    }
    await expect(page.locator("tr[data-figure]")).toHaveCount(15);
    await expect(page.getByRole("img", { name: zh("quality.report.trend_caption") })).toBeVisible();
    expect(await received(page, "channel", "portal")).toBe(before.channel + 1);
    expect(await received(page, "businessLine", "wealth")).toBe(before.businessLine + 1);
    expect(await received(page, "category", "privacy")).toBe(before.category + 1);
    for (const dimension of ["channel", "businessLine", "category"]) expect(await received(page, dimension, "total")).toBe(before.total + 1);
    await expect(page.locator('table[data-dimension="businessLine"] tr[data-value="wealth"] th')).toHaveText(zh("complaint.business_line.wealth"));
    // No customer's name anywhere in the report.
    await expect(page.locator("main")).not.toContainText("测试客户");
  });

  await test.step("in English, for a reader whose browser asks for it", async () => {
    // A browser of its own: switching the language would save it for the shared demo account.
    const english = await newPage({ locale: "en-US" });
    await signInAsStaff(english, "quality");
    await english.goto(`/quality/report?month=${month}`);
    await expect(english.getByRole("heading", { level: 1 })).toHaveText(en("quality.report.heading", { month }));
    await expect(english.getByRole("heading", { name: en("quality.report.complaints_title") })).toBeVisible();
    await expect(english.locator('table[data-dimension="category"] tr[data-value="privacy"] th')).toHaveText(en("complaint.category.privacy"));
    expect(await received(english, "category", "privacy")).toBe(before.category + 1);

    // The PDF: the same month, in the reader's language.
    const download = english.waitForEvent("download");
    await english.getByRole("link", { name: en("quality.report.download_pdf") }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${en("quality.report.pdf_file")}-${month}.pdf`);
    const pdf = await fs.readFile(await file.path());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.byteLength).toBeGreaterThan(5_000);
    expect(pdfInfo(pdf, "Subject")).toBe(month);
    expect(pdf.toString("latin1")).toContain("/Lang (en)");
  });

  await test.step("the Chinese PDF, saved not shown, never cached", async () => {
    const response = await page.request.get(`/quality/report.pdf?month=${month}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["cache-control"]).toBe("private, no-store");
    expect(response.headers()["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent(`${zh("quality.report.pdf_file")}-${month}.pdf`)}`);
    const pdf = await response.body();
    expect(pdfInfo(pdf, "Subject")).toBe(month);
    expect(pdf.toString("latin1")).toContain("/Lang (zh-CN)");
  });
});

test("[QUALITY] a hand-edited month falls back to the last full month with a message", async ({ page }) => {
  await signInAsStaff(page, "quality");
  for (const bad of ["2026-13", "9999-01", "<script>"]) {
    const response = await page.goto(`/quality/report?month=${encodeURIComponent(bad)}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByText(zh("quality.report.month_invalid"))).toBeVisible();
  }
  // The PDF of a bad month sends the reader to the page, which says why.
  await page.goto("/quality/report.pdf?month=2026-13");
  await expect(page).toHaveURL(/\/quality\/report\?month=2026-13/);
  await expect(page.getByText(zh("quality.report.month_invalid"))).toBeVisible();
});

test("[CUSTOMER] and [AGENT] are refused the monthly report and its PDF", async ({ page, newPage }) => {
  const month = thisMonth();
  const paths = ["/quality/report", `/quality/report?month=${month}`, `/quality/report.pdf?month=${month}`];
  await registerCustomer(page);
  for (const path of paths) expect([403, 404]).toContain((await page.request.get(path, { maxRedirects: 0 })).status());
  const agent = await newPage();
  await signInAsStaff(agent, "agent");
  for (const path of paths) expect([403, 404]).toContain((await agent.request.get(path, { maxRedirects: 0 })).status());
});
