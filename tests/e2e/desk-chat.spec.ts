import type { Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { DEMO_STAFF } from "../../db/seed";
import { expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

type Ack = { ok: boolean; error?: string; [key: string]: unknown };
type Message = { sender: string; senderName: string | null; text: string };

/** The customer's side over the chat socket, with the session cookies of the customer's browser. */
async function customerSocket(page: Page, baseURL: string): Promise<Socket> {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(`${baseURL}/chat`, { transports: ["websocket"], extraHeaders: { cookie }, forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

const call = (socket: Socket, event: string, payload: unknown) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack>;

/** The next `event` that satisfies `match`. */
function next<T>(socket: Socket, event: string, match: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: T) => {
      if (!match(payload)) return;
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

const agentStaff = DEMO_STAFF.find((s) => s.email === "agent@trustline.test")!;
const supervisorStaff = DEMO_STAFF.find((s) => s.email === "supervisor@trustline.test")!;

test("[AGENT] claims a handed-over chat", async ({ page, newPage, baseURL }) => {
  test.slow();
  const customerPage = await newPage();
  const customer = await registerCustomer(customerPage, { mobile: "13912345678" });
  const socket = await customerSocket(customerPage, baseURL!);
  try {
    await signInAsStaff(page, "agent");
    await page.getByRole("link", { name: zh("nav.desk_chats") }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("desk_chat.title"));
    await page.getByRole("button", { name: zh("desk_chat.go_online") }).click();
    await expect(page.getByText(zh("desk_chat.presence.online"))).toBeVisible();

    const { conversationId } = (await call(socket, "chat:open", {})) as Ack & { conversationId: string };
    await call(socket, "chat:send", { conversationId, clientId: "e2e-first-message", text: "Hello, my card is blocked" });
    expect(await call(socket, "chat:handoff", { conversationId })).toMatchObject({ ok: true, status: "waiting" });

    await test.step("the chat waits in the queue with the customer's mobile masked, and the agent takes it", async () => {
      const entry = page.getByRole("listitem").filter({ hasText: customer.name });
      await expect(entry).toContainText("139****5678");
      await expect(page.getByText(customer.mobile)).toHaveCount(0);
      const active = next<{ status: string; agentName: string }>(socket, "chat:status", (s) => s.status === "active");
      await entry.getByRole("button", { name: zh("desk_chat.claim") }).click();
      expect((await active).agentName).toBe(agentStaff.name);
    });

    const transcript = page.getByRole("log", { name: zh("desk_chat.transcript") });
    await expect(transcript).toContainText("Hello, my card is blocked");
    // The notice is in the language the customer writes in.
    await expect(transcript).toContainText(`${agentStaff.name} has joined the chat.`);

    await test.step("the agent's reply reaches the customer; the customer's text shows as text, and their typing shows", async () => {
      const reply = next<Message>(socket, "chat:message", (m) => m.sender === "agent");
      await page.getByLabel(zh("desk_chat.reply")).fill("Hello, I can help with that.");
      await page.getByLabel(zh("desk_chat.reply")).press("Enter");
      expect(await reply).toMatchObject({ text: "Hello, I can help with that.", senderName: agentStaff.name });

      await call(socket, "chat:typing", { conversationId, typing: true });
      await expect(page.getByText(zh("desk_chat.customer_typing"))).toBeVisible();
      const markup = "<img src=x onerror=alert(1)>";
      await call(socket, "chat:send", { conversationId, clientId: "e2e-markup-message", text: markup });
      await expect(transcript.getByText(markup, { exact: true })).toBeVisible();
      await expect(transcript.locator("img")).toHaveCount(0);
      await expect(page.getByText(zh("desk_chat.customer_typing"))).toHaveCount(0);
    });

    const supervisor = await newPage();
    await test.step("the agent transfers the chat with a note the customer never sees", async () => {
      await signInAsStaff(supervisor, "supervisor");
      await supervisor.goto("/desk/chats");
      await supervisor.getByRole("button", { name: zh("desk_chat.go_online") }).click();
      await expect(supervisor.getByText(zh("desk_chat.presence.online"))).toBeVisible();

      const customerMessages: Message[] = [];
      socket.on("chat:message", (m: Message) => customerMessages.push(m));
      const joined = next<Message>(socket, "chat:message", (m) => m.sender === "system" && m.text.includes(supervisorStaff.name));
      await page.getByText(zh("desk_chat.transfer")).click();
      await page.getByLabel(zh("desk_chat.transfer_to"), { exact: true }).selectOption({ label: zh("desk_chat.agent_option", { name: supervisorStaff.name, count: 0, max: 3 }) });
      const note = "卡片因密码错误锁定，身份已核实";
      await page.getByLabel(zh("desk_chat.transfer_note")).fill(note);
      await page.getByRole("button", { name: zh("desk_chat.transfer_submit") }).click();
      await expect(page.getByText(zh("desk_chat.select_hint"))).toBeVisible();
      await joined;

      await expect(supervisor.getByText(zh("desk_chat.assigned"))).toBeVisible();
      await supervisor.getByRole("button", { name: new RegExp(customer.name) }).click();
      const theirs = supervisor.getByRole("log", { name: zh("desk_chat.transcript") });
      const noteLine = theirs.getByRole("listitem").filter({ hasText: note });
      await expect(noteLine).toContainText(zh("desk_chat.internal"));
      await expect(noteLine).toContainText(agentStaff.name);
      expect(customerMessages.some((m) => m.text === note)).toBe(false);
    });

    await test.step("the colleague ends the chat and the customer is asked for a rating", async () => {
      const closed = next<{ status: string }>(socket, "chat:status", (s) => s.status === "closed");
      await supervisor.getByRole("button", { name: zh("desk_chat.close") }).click();
      await closed;
      await expect(supervisor.getByText(zh("desk_chat.closed"))).toBeVisible();
      expect(await call(socket, "chat:rate", { conversationId, rating: 5 })).toEqual({ ok: true });
      await supervisor.getByRole("button", { name: zh("desk_chat.go_away") }).click();
    });
    await test.step("the desk fits a phone screen", async () => {
      await page.setViewportSize({ width: 375, height: 740 });
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    });
    await page.getByRole("button", { name: zh("desk_chat.go_away") }).click();
    await expect(page.getByText(zh("desk_chat.presence.away"))).toBeVisible();
  } finally {
    socket.disconnect();
  }
});

test("[ADMIN] sets the most chats an agent holds, and cannot open the chat desk", async ({ adminPage }) => {
  await adminPage.goto("/admin/settings");
  const form = adminPage.locator("form").filter({ has: adminPage.getByRole("button", { name: zh("settings.chat_save") }) });
  await form.getByLabel(zh("settings.max_chats")).fill("0");
  await form.getByRole("button", { name: zh("settings.chat_save") }).click();
  await expect(form.getByText(zh("settings.max_chats_invalid"))).toBeVisible();
  await form.getByLabel(zh("settings.max_chats")).fill("3");
  await form.getByRole("button", { name: zh("settings.chat_save") }).click();
  await expect(form.getByRole("status")).toHaveText(zh("settings.saved"));
  await expect(form.getByLabel(zh("settings.max_chats"))).toHaveValue("3");

  const response = await adminPage.goto("/desk/chats");
  expect(response?.status()).toBe(403);
});
