import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { TEXT } from "../../bot/texts";
import { expect, registerCustomer, signInAsStaff, test, tFor } from "./support/fixtures";
import { ask, openChat, transcript } from "./support/chat";

// Phrases of the approved account-opening answer (domain/knowledge/approved-content.ts).
const ACCOUNT_OPENING_ZH = "请准备有效身份证件";
const ACCOUNT_OPENING_EN = "Have a valid ID document";

/** The agent's side of the chat socket (namespace /desk), signed in as the browser page is. */
async function deskSocket(agentPage: Page): Promise<Socket> {
  const origin = new URL(agentPage.url()).origin;
  const cookie = (await agentPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(`${origin}/desk`, { transports: ["websocket"], extraHeaders: { cookie, origin } });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

async function deskEvent(socket: Socket, event: string, payload: object): Promise<void> {
  const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; error?: string };
  expect(ack, event).toMatchObject({ ok: true });
}

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
  await expect(chat.getByText(t("chat.status.bot"), { exact: true })).toBeVisible();

  await ask(chat, "怎么开户");
  await expect(transcript(chat).nth(0)).toContainText(t("chat.sender.you"));
  await expect(transcript(chat).nth(0)).toContainText("怎么开户");
  await expect(transcript(chat).nth(1)).toContainText(t("chat.sender.bot"));
  await expect(transcript(chat).nth(1)).toContainText(ACCOUNT_OPENING_ZH);

  await ask(chat, "How do I open an account?");
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

test("[VISITOR] follows the assistant's link to a portal page, the chat still open", async ({ page }) => {
  await page.goto("/");
  const t = await tFor(page);
  const chat = await openChat(page);
  await ask(chat, "我的申请进度怎么查");
  // Not signed in: the assistant offers to sign in, or to track by acceptance number.
  await chat.getByRole("link", { name: TEXT.track.zh }).click();
  await expect(page).toHaveURL(/\/track$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(transcript(chat)).toHaveCount(2);
  await expect(chat.getByRole("textbox", { name: t("chat.message_label") })).toBeVisible();
});

test("[VISITOR] the open chat fits a 360 px phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto("/");
  const chat = await openChat(page);
  const box = await chat.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  expect(box!.y + box!.height).toBeLessThanOrEqual(640);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
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
  await ask(chat, "How do I open an account?");
  await expect(transcript(chat).nth(0)).toContainText(t("chat.sender.you"));
  await expect(transcript(chat).nth(1)).toContainText(t("chat.sender.bot"));
  await expect(transcript(chat).nth(1)).toContainText(ACCOUNT_OPENING_EN);
  await chat.getByRole("button", { name: t("chat.close") }).click();
  await expect(chat).toBeHidden();
});

test("[CUSTOMER] finds the chat again after a reload; the browser keeps none of its words", async ({ page }) => {
  await registerCustomer(page);
  const t = await tFor(page);
  let chat = await openChat(page);
  const words = "我的卡号是 6200000000000000917，手机 13900000917";
  await ask(chat, words);
  await expect(transcript(chat)).toHaveCount(2);

  await page.reload();
  chat = page.getByRole("dialog", { name: t("chat.title") });
  // Fetched again from the server: the whole transcript, in order.
  await expect(transcript(chat)).toHaveCount(2);
  await expect(transcript(chat).nth(0)).toContainText(words);
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + document.cookie);
  for (const secret of ["6200000000000000917", "13900000917", "我的卡号"]) expect(stored).not.toContain(secret);
});

test("[VISITOR] asks for a person, ends the chat, rates it and starts a new one", async ({ page }) => {
  await page.goto("/track");
  const t = await tFor(page);
  const chat = await openChat(page);
  await ask(chat, "你好");
  await expect(transcript(chat)).toHaveCount(2);

  // With an agent online the chat joins their queue; with none the assistant says so in the chat.
  await chat.getByRole("button", { name: t("chat.handoff") }).click();
  await expect(async () => {
    const waiting = await chat.getByText(t("chat.status.waiting"), { exact: true }).isVisible();
    expect(waiting || (await transcript(chat).count()) > 2).toBe(true);
  }).toPass();

  await chat.getByRole("button", { name: t("chat.end") }).click();
  await expect(chat.getByText(t("chat.status.closed"), { exact: true })).toBeVisible();
  await expect(chat.getByRole("textbox", { name: t("chat.message_label") })).toHaveCount(0);

  // A rating is required; the comment is not.
  const rating = chat.getByRole("group", { name: t("chat.rate_title") });
  await chat.getByRole("button", { name: t("chat.rate_submit") }).click();
  await expect(chat.getByRole("alert")).toHaveText(t("chat.rate_required"));
  await rating.getByRole("radio", { name: t("chat.rate_option", { rating: 4 }) }).check();
  await chat.getByRole("textbox", { name: t("chat.rate_comment") }).fill("回复很快");
  await chat.getByRole("button", { name: t("chat.rate_submit") }).click();
  await expect(chat.getByRole("status")).toHaveText(t("chat.rate_thanks"));
  await expect(rating).toHaveCount(0);

  // The thanks stay after a reload; a new chat starts empty, with the assistant.
  await page.reload();
  await expect(chat.getByRole("status")).toHaveText(t("chat.rate_thanks"));
  await chat.getByRole("button", { name: t("chat.new_chat") }).click();
  await expect(chat.getByText(t("chat.status.bot"), { exact: true })).toBeVisible();
  await expect(transcript(chat)).toHaveCount(0);
  await ask(chat, "怎么开户");
  await expect(transcript(chat).nth(1)).toContainText(ACCOUNT_OPENING_ZH);
});

test("[CUSTOMER] is handed to an agent, who types, answers and ends the chat", async ({ page, newPage }) => {
  const agentPage = await newPage();
  const agent = await signInAsStaff(agentPage, "agent");
  const desk = await deskSocket(agentPage);
  try {
    await deskEvent(desk, "desk:presence", { status: "online" });
    const customerTyping: boolean[] = [];
    desk.on("desk:typing", ({ typing }: { typing: boolean }) => customerTyping.push(typing));

    await registerCustomer(page);
    const t = await tFor(page);
    const chat = await openChat(page);
    await chat.getByRole("button", { name: t("chat.handoff") }).click();
    await expect(chat.getByText(t("chat.status.waiting"), { exact: true })).toBeVisible();
    await expect(chat.getByRole("button", { name: t("chat.handoff") })).toHaveCount(0);

    const conversationId = await page.evaluate(() => JSON.parse(sessionStorage.getItem("trustline.chat")!).chat.conversationId as string);
    await deskEvent(desk, "desk:claim", { conversationId });
    await expect(chat.getByText(t("chat.status.active", { name: agent.name }), { exact: true })).toBeVisible();

    // Each side sees the other typing.
    await chat.getByRole("textbox", { name: t("chat.message_label") }).pressSequentially("我想问");
    await expect.poll(() => customerTyping).toContain(true);
    await deskEvent(desk, "desk:typing", { conversationId, typing: true });
    await expect(chat.getByText(t("chat.agent_typing"))).toBeVisible();

    // An answer while the panel is closed shows on the button.
    await page.keyboard.press("Escape");
    await deskEvent(desk, "desk:send", { conversationId, clientId: crypto.randomUUID(), text: "您好，请问有什么可以帮您？" });
    await expect(page.getByRole("button", { name: t("chat.launcher") })).toContainText(t("chat.unread", { count: 1 }));
    await page.getByRole("button", { name: t("chat.launcher") }).click();
    const answer = transcript(chat).filter({ hasText: "您好，请问有什么可以帮您？" });
    await expect(answer).toContainText(agent.name);
    await expect(chat.getByText(t("chat.agent_typing"))).toHaveCount(0);

    await deskEvent(desk, "desk:close", { conversationId });
    await expect(chat.getByText(t("chat.status.closed"), { exact: true })).toBeVisible();
    await expect(chat.getByRole("group", { name: t("chat.rate_title") })).toBeVisible();
  } finally {
    desk.disconnect();
  }
});

test("[STAFF] works without the customers' chat button", async ({ adminPage }) => {
  const t = await tFor(adminPage);
  await adminPage.goto("/");
  await expect(adminPage.getByRole("button", { name: t("chat.launcher") })).toHaveCount(0);
});
