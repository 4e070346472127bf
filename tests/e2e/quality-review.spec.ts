import crypto from "node:crypto";
import ExcelJS from "exceljs";
import type { Page } from "@playwright/test";
import { expect, registerCustomer, signInAsStaff, test, tFor } from "./support/fixtures";
import { openChat } from "./support/chat";

/** A visitor chats with the assistant, ends the chat and rates it `rating` with `comment`: a chat survey answered in the widget. */
async function rateAChat(page: Page, rating: number, comment: string): Promise<void> {
  await page.goto("/track");
  const t = await tFor(page);
  const chat = await openChat(page);
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill("你好");
  await box.press("Enter");
  await expect(chat.getByRole("log").getByRole("listitem")).toHaveCount(2);
  await chat.getByRole("button", { name: t("chat.end") }).click();
  await chat.getByRole("group", { name: t("chat.rate_title") }).getByRole("radio", { name: t("chat.rate_option", { rating }) }).check();
  await chat.getByRole("textbox", { name: t("chat.rate_comment") }).fill(comment);
  await chat.getByRole("button", { name: t("chat.rate_submit") }).click();
  await expect(chat.getByRole("status")).toHaveText(t("chat.rate_thanks"));
}

test("[QUALITY] filters dissatisfied chat surveys, reads one with its transcript, tags it, closes its follow-up and exports the list", async ({ page, newPage }) => {
  const comment = `=HYPERLINK("http://evil.test") 回复太慢 ${crypto.randomBytes(3).toString("hex")}`;
  const visitor = await newPage();
  await rateAChat(visitor, 1, comment);

  await signInAsStaff(page, "quality");
  const t = await tFor(page);
  await page.goto("/quality/surveys");
  await page.getByLabel(t("quality_review.filter.subject")).selectOption("chat");
  await page.getByLabel(t("quality_review.filter.score_min")).selectOption("1");
  await page.getByLabel(t("quality_review.filter.score_max")).selectOption("2");
  await page.getByRole("button", { name: t("quality_review.filter.apply") }).click();
  await expect(page).toHaveURL(/subject=chat/);
  const rows = page.getByRole("table").getByRole("row");
  const count = (await rows.count()) - 1;
  expect(count).toBeGreaterThan(0);
  for (let i = 1; i <= count; i++) {
    await expect(rows.nth(i).getByRole("cell").nth(1)).toHaveText(t("quality_review.subject.chat"));
    expect(Number(await rows.nth(i).getByRole("cell").nth(4).textContent())).toBeLessThanOrEqual(2);
  }

  await test.step("the CSV and XLSX downloads hold the filtered rows", async () => {
    const query = new URL(page.url()).search;
    const csv = await page.request.get(`/quality/surveys.csv${query}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toContain("attachment");
    const text = (await csv.text()).replace(/^\uFEFF/, "");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toContain(t("quality_review.column.score"));
    expect(lines).toHaveLength(count + 1);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"") 回复太慢`);
    const xlsx = await page.request.get(`/quality/surveys.xlsx${query}`);
    expect(xlsx.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(count + 1);
    const kpis = await page.request.get("/quality/kpis.csv");
    expect(kpis.status()).toBe(200);
    expect((await kpis.text()).replace(/^\uFEFF/, "").split("\r\n")[0]).toContain(t("quality_review.kpi_column.figure"));
  });

  await test.step("the answer shows the whole chat, the assistant's part included, and takes tags", async () => {
    await rows.nth(1).getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("quality_review.detail_title"));
    await expect(page.getByText(comment)).toBeVisible();
    const log = page.getByRole("log", { name: t("desk_chat.transcript") });
    // The visitor's words and the assistant's answer (and the chat's closing notice).
    await expect(log).toContainText("你好");
    await expect(log).toContainText(t("desk_chat.sender.bot"));
    await page.getByRole("checkbox", { name: t("quality_review.tag.process_gap") }).check();
    await page.getByLabel(t("quality_review.note_label")).fill("机器人没有转人工");
    await page.getByRole("button", { name: t("quality_review.review_submit") }).click();
    await expect(page.getByRole("checkbox", { name: t("quality_review.tag.process_gap") })).toBeChecked();
    await expect(page.getByLabel(t("quality_review.note_label"))).toHaveValue("机器人没有转人工");
  });

  await test.step("its follow-up is closed with the action taken", async () => {
    const link = page.getByRole("link", { name: t("quality_review.follow_up_link") });
    const id = (await link.getAttribute("href"))!.split("#")[1]!;
    await link.click();
    await expect(page).toHaveURL(/\/quality\/follow-ups/);
    const followUp = page.locator(`[id="${id}"]`);
    await followUp.getByRole("button", { name: t("quality_review.close_submit") }).click();
    // Required: the browser keeps the empty form back.
    await expect(followUp.getByLabel(t("quality_review.action_label"))).toBeVisible();
    await followUp.getByLabel(t("quality_review.action_label")).fill("已优化机器人转人工的提示");
    await followUp.getByRole("button", { name: t("quality_review.close_submit") }).click();
    await expect(followUp.getByText(t("quality_review.follow_up_status.closed"))).toBeVisible();
    await expect(followUp).toContainText("已优化机器人转人工的提示");
  });
});

test("[CUSTOMER] and [AGENT] cannot open the survey review or its exports", async ({ page, newPage }) => {
  await registerCustomer(page);
  for (const path of ["/quality/surveys", "/quality/follow-ups", "/quality/surveys.csv", "/quality/surveys.xlsx", "/quality/kpis.csv", "/quality/kpis.xlsx"]) {
    expect([403, 404]).toContain((await page.request.get(path, { maxRedirects: 0 })).status());
  }
  const agent = await newPage();
  await signInAsStaff(agent, "agent");
  for (const path of ["/quality/surveys", "/quality/follow-ups", "/quality/surveys.csv", "/quality/surveys.xlsx", "/quality/kpis.csv", "/quality/kpis.xlsx"]) {
    expect([403, 404]).toContain((await agent.request.get(path, { maxRedirects: 0 })).status());
  }
});
