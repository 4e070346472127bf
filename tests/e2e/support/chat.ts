import type { Locator, Page } from "@playwright/test";
import { expect, tFor } from "./fixtures";

/** Opens the customer's chat panel from its floating button; the message box takes the focus. */
export async function openChat(page: Page): Promise<Locator> {
  const t = await tFor(page);
  await page.getByRole("button", { name: t("chat.launcher") }).click();
  const chat = page.getByRole("dialog", { name: t("chat.title") });
  await expect(chat).toBeVisible();
  await expect(chat.getByRole("textbox", { name: t("chat.message_label") })).toBeFocused();
  return chat;
}

/** Sends `text` from the open panel; the box empties once the message is on its way. */
export async function ask(chat: Locator, text: string): Promise<void> {
  const t = await tFor(chat.page());
  const box = chat.getByRole("textbox", { name: t("chat.message_label") });
  await box.fill(text);
  await box.press("Enter");
  await expect(box).toHaveValue("");
}

/** The panel's transcript, one list item a message. */
export const transcript = (chat: Locator) => chat.getByRole("log").getByRole("listitem");
