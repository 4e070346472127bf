import type { Locator, Page } from "@playwright/test";
import { expect, registerCustomer, test, tFor } from "./support/fixtures";

// Phrases of the approved account-opening answer (domain/knowledge/approved-content.ts).
const ACCOUNT_OPENING_ZH = "请准备有效身份证件";
const ACCOUNT_OPENING_EN = "Have a valid ID document";

async function openChat(page: Page): Promise<Locator> {
  const t = await tFor(page);
  await page.getByRole("button", { name: t("chat.launcher") }).click();
  const chat = page.getByRole("dialog", { name: t("chat.title") });
  await expect(chat).toBeVisible();
  await expect(chat.getByRole("textbox", { name: t("chat.message_label") })).toBeFocused();
  return chat;
}

async function ask(page: Page, chat: Locator, text: string): Promise<void> {
  const t = await tFor(page);
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill(text);
  await box.press("Enter");
  await expect(box).toHaveValue("");
}

const transcript = (chat: Locator) => chat.getByRole("log").getByRole("listitem");

test("[VISITOR] asks the bot in Chinese and in English", async ({ page }) => {
  const t = await tFor((await page.goto("/"), page));
  // Nothing connects for a page view: the chat socket opens on the first click only.
  const sockets: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/socket.io/")) sockets.push(request.url());
  });
  page.on("websocket", (socket) => sockets.push(socket.url()));
  await page.reload();
  expect(sockets).toEqual([]);

  const chat = await openChat(page);
  await expect(chat.getByText(t("chat.status.bot"))).toBeVisible();

  await ask(page, chat, "怎么开户");
  await expect(transcript(chat).nth(0)).toContainText(t("chat.sender.you"));
  await expect(transcript(chat).nth(0)).toContainText("怎么开户");
  await expect(transcript(chat).nth(1)).toContainText(t("chat.sender.bot"));
  await expect(transcript(chat).nth(1)).toContainText(ACCOUNT_OPENING_ZH);

  await ask(page, chat, "How do I open an account?");
  await expect(transcript(chat).nth(3)).toContainText(ACCOUNT_OPENING_EN);
  await expect(chat.getByText(t("chat.sending"))).toHaveCount(0);

  // A line break is kept, and markup is shown as the characters typed, never run.
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill("第一行");
  await box.press("Shift+Enter");
  await box.pressSequentially("<img src=x onerror=alert(1)>");
  await box.press("Enter");
  const markup = transcript(chat).nth(4);
  await expect(markup.locator(".chat-text")).toHaveText("第一行\n<img src=x onerror=alert(1)>");
  await expect(chat.locator("img")).toHaveCount(0);
  await expect(transcript(chat)).toHaveCount(6);

  // The chat survives a reload: open, in order, and nothing sent twice.
  await page.reload();
  const again = page.getByRole("dialog", { name: t("chat.title") });
  await expect(again).toBeVisible();
  await expect(transcript(again)).toHaveCount(6);
  const lines = await transcript(again).locator(".chat-text").allTextContents();
  expect(lines[0]).toBe("怎么开户");
  expect(lines[1]).toContain(ACCOUNT_OPENING_ZH);
  expect(lines[2]).toBe("How do I open an account?");
  expect(lines[3]).toContain(ACCOUNT_OPENING_EN);
  expect(lines[4]).toBe("第一行\n<img src=x onerror=alert(1)>");

  // …and navigation; Escape closes the panel and gives focus back to the button.
  await page.getByRole("link", { name: t("nav.track") }).click();
  await expect(page).toHaveURL(/\/track$/);
  await expect(transcript(again)).toHaveCount(6);
  await again.getByRole("textbox", { name: t("chat.message_label") }).focus();
  await page.keyboard.press("Escape");
  await expect(again).toBeHidden();
  await expect(page.getByRole("button", { name: t("chat.launcher") })).toBeFocused();
});

test("[VISITOR] cannot type more than a message may hold", async ({ page }) => {
  await page.goto("/login");
  const t = await tFor(page);
  const chat = await openChat(page);
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill("好".repeat(2100));
  await expect(box).toHaveValue("好".repeat(2000));
  await expect(chat.getByText(t("chat.characters", { count: 2000, max: 2000 }), { exact: false })).toBeVisible();
});

test("[CUSTOMER] chats from the portal in English", async ({ page }) => {
  await registerCustomer(page);
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const t = await tFor(page);
  const chat = await openChat(page);
  await ask(page, chat, "How do I open an account?");
  await expect(transcript(chat).nth(0)).toContainText(t("chat.sender.you"));
  await expect(transcript(chat).nth(1)).toContainText(t("chat.sender.bot"));
  await expect(transcript(chat).nth(1)).toContainText(ACCOUNT_OPENING_EN);
  await chat.getByRole("button", { name: t("chat.close") }).click();
  await expect(chat).toBeHidden();
});

test("[STAFF] works without the customers' chat button", async ({ adminPage }) => {
  const t = await tFor(adminPage);
  await adminPage.goto("/");
  await expect(adminPage.getByRole("button", { name: t("chat.launcher") })).toHaveCount(0);
});
