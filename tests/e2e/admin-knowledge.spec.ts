import crypto from "node:crypto";
import { expect, postStatus, signInAsStaff, test, zh } from "./support/fixtures";

test("[ADMIN] edits an approved answer", async ({ adminPage: page, newPage }) => {
  await page.goto("/admin/staff");
  await page.getByRole("link", { name: zh("knowledge.nav") }).click();
  await expect(page.getByRole("heading", { name: zh("knowledge.title") })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "service_hours", exact: true }) });
  await expect(row).toContainText("Service hours");
  await row.getByRole("link", { name: zh("knowledge.edit_topic", { topic: "服务时间" }) }).click();
  await expect(page).toHaveURL(/\/admin\/knowledge\/service_hours$/);

  const english = zh("knowledge.en");
  const answerField = page.getByLabel(zh("knowledge.field_answer", { language: english }), { exact: true });
  const titleField = page.getByLabel(zh("knowledge.field_title", { language: english }), { exact: true });
  const original = await answerField.inputValue();
  const save = page.getByRole("button", { name: zh("knowledge.save") });

  await test.step("an empty title is refused with a message, nothing saved", async () => {
    await titleField.fill("");
    expect(await postStatus(page, "/admin/knowledge/service_hours", () => save.click())).toBe(400);
    await expect(titleField).toHaveAccessibleDescription(zh("error.required"));
    await page.reload();
    await expect(titleField).toHaveValue("Service hours");
  });

  // Markup an admin types is shown as the text it is.
  const edited = `Agents answer <b>08:00–20:00</b> every day (${crypto.randomBytes(3).toString("hex")}).`;
  await test.step("a new English answer is saved", async () => {
    await answerField.fill(edited);
    expect(await postStatus(page, "/admin/knowledge/service_hours", () => save.click())).toBe(200);
    await expect(page.getByRole("status")).toHaveText(zh("knowledge.saved"));
    await page.reload();
    await expect(answerField).toHaveValue(edited);
    await page.getByRole("link", { name: zh("knowledge.back") }).click();
    await expect(row).toContainText("Admin Ada");
  });

  await test.step("a staff member who is not an admin is refused the page", async () => {
    const agentPage = await newPage();
    await signInAsStaff(agentPage, "agent");
    await expect(agentPage.getByRole("link", { name: zh("knowledge.nav") })).toHaveCount(0);
    for (const path of ["/admin/knowledge", "/admin/knowledge/service_hours", "/admin/canned-replies"]) {
      const response = await agentPage.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(agentPage.getByRole("heading", { name: zh("page.forbidden_title") })).toBeVisible();
    }
  });

  // Other tests may ask the bot about service hours.
  await page.goto("/admin/knowledge/service_hours");
  await answerField.fill(original);
  expect(await postStatus(page, "/admin/knowledge/service_hours", () => save.click())).toBe(200);
});

test("[ADMIN] adds, edits and deletes a canned reply", async ({ adminPage: page }) => {
  const title = `请稍候 Please hold ${crypto.randomBytes(3).toString("hex")}`;
  await page.goto("/admin/staff");
  await page.getByRole("link", { name: zh("canned.nav") }).click();
  await expect(page.getByRole("heading", { name: zh("canned.title"), level: 1 })).toBeVisible();

  await page.getByLabel(zh("canned.field_title"), { exact: true }).fill(title);
  await page.getByLabel(zh("canned.text_zh"), { exact: true }).fill("好的，我正在为您查询，请稍候。");
  await page.getByLabel(zh("canned.text_en"), { exact: true }).fill("Thank you, <i>please hold</i> while I check.");
  await page.getByRole("button", { name: zh("canned.add") }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: title, exact: true }) });
  await expect(row).toContainText("Thank you, <i>please hold</i> while I check.");

  await row.getByRole("link", { name: zh("canned.edit_named", { title }) }).click();
  await expect(page.getByRole("heading", { name: zh("canned.edit_title") })).toBeVisible();
  const english = page.getByLabel(zh("canned.text_en"), { exact: true });
  await english.fill("x".repeat(2001));
  expect(await postStatus(page, new URL(page.url()).pathname, () => page.getByRole("button", { name: zh("canned.save") }).click())).toBe(400);
  await expect(english).toHaveAccessibleDescription(zh("canned.text_too_long"));
  await english.fill("Thank you, please hold for a minute while I check.");
  await page.getByRole("button", { name: zh("canned.save") }).click();
  await expect(page).toHaveURL(/\/admin\/canned-replies$/);
  await expect(row).toContainText("please hold for a minute");

  await row.getByRole("button", { name: zh("canned.delete_named", { title }) }).click();
  await expect(row).toHaveCount(0);
});
