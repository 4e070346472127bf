import type { Page } from "@playwright/test";
import { expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";
import { ask } from "./support/chat";

// The supervisor takes chats too; the demo agent is busy in the other chat tests.
const AGENT = "supervisor" as const;

async function fileInquiry(page: Page): Promise<string> {
  await page.goto("/portal/requests/new/inquiry");
  await page.getByLabel(zh("request.field.subject")).fill("借记卡年费");
  await page.getByLabel(zh("request.field.message")).fill("我的借记卡为什么收了年费？");
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  return (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
}

test("[CUSTOMER][AGENT] the bot tells a request's status, hands over to an agent who answers, and the chat is rated", async ({ page, newPage }) => {
  test.slow();
  const customer = await registerCustomer(page);
  const number = await fileInquiry(page);

  const agentPage = await newPage();
  const agent = await signInAsStaff(agentPage, AGENT);
  await agentPage.getByRole("link", { name: zh("nav.desk_chats") }).click();
  await agentPage.getByRole("button", { name: zh("desk_chat.go_online") }).click();
  await expect(agentPage.getByText(zh("desk_chat.presence.online"))).toBeVisible();

  await page.goto("/portal");
  await page.getByRole("button", { name: zh("chat.launcher") }).click();
  const chat = page.getByRole("dialog", { name: zh("chat.title") });
  const lines = chat.getByRole("log").getByRole("listitem");

  await test.step("the bot tells the customer the status of their own request", async () => {
    await ask(chat, "我的申请办到哪一步了？");
    const reply = lines.filter({ hasText: number });
    await expect(reply).toContainText("已提交");
    await expect(reply.getByRole("link", { name: `查看 ${number}` })).toBeVisible();
  });

  await test.step("the customer asks for a person and waits in the queue", async () => {
    await ask(chat, "转人工客服");
    await expect(chat.getByText(zh("chat.status.waiting"), { exact: true })).toBeVisible();
  });

  const transcript = agentPage.getByRole("log", { name: zh("desk_chat.transcript") });
  await test.step("the agent claims the chat and sees the bot's transcript and the customer's request", async () => {
    const entry = agentPage.getByRole("listitem").filter({ hasText: customer.name });
    await entry.getByRole("button", { name: zh("desk_chat.claim") }).click();
    await expect(transcript).toContainText("我的申请办到哪一步了？");
    await expect(transcript).toContainText(number);
    const context = agentPage.getByRole("region", { name: zh("desk_chat.context") });
    await expect(context.getByRole("link", { name: number })).toBeVisible();
    await expect(context).toContainText(customer.name);
    await expect(chat.getByText(zh("chat.status.active", { name: agent.name }), { exact: true })).toBeVisible();
  });

  await test.step("each side sees the other typing, and the agent's answer reaches the customer", async () => {
    await chat.getByRole("textbox", { name: zh("chat.message_label") }).pressSequentially("还有一个问题");
    await expect(agentPage.getByText(zh("desk_chat.customer_typing"))).toBeVisible();
    await agentPage.getByLabel(zh("desk_chat.reply")).pressSequentially("您好，我是");
    await expect(chat.getByText(zh("chat.agent_typing"))).toBeVisible();
    await agentPage.getByLabel(zh("desk_chat.reply")).pressSequentially("客服，年费问题我来帮您查。");
    await agentPage.getByLabel(zh("desk_chat.reply")).press("Enter");
    const answer = lines.filter({ hasText: "您好，我是客服，年费问题我来帮您查。" });
    await expect(answer).toContainText(agent.name);
    await expect(chat.getByText(zh("chat.agent_typing"))).toHaveCount(0);
  });

  await test.step("the agent ends the chat and the customer rates it", async () => {
    await agentPage.getByRole("button", { name: zh("desk_chat.close") }).click();
    await expect(agentPage.getByText(zh("desk_chat.closed"))).toBeVisible();
    await expect(chat.getByText(zh("chat.status.closed"), { exact: true })).toBeVisible();
    const rating = chat.getByRole("group", { name: zh("chat.rate_title") });
    await rating.getByLabel(zh("chat.rate_option", { rating: 5 })).check();
    await chat.getByLabel(zh("chat.rate_comment")).fill("回复很快，谢谢");
    await chat.getByRole("button", { name: zh("chat.rate_submit") }).click();
    await expect(chat.getByText(zh("chat.rate_thanks"))).toBeVisible();
  });

  await agentPage.getByRole("button", { name: zh("desk_chat.go_away") }).click();
  await expect(agentPage.getByText(zh("desk_chat.presence.away"))).toBeVisible();
});

test("[CUSTOMER] starts a loan application from the chat with what they said already filled in", async ({ page }) => {
  await registerCustomer(page);
  await page.goto("/portal");
  await page.getByRole("button", { name: zh("chat.launcher") }).click();
  const chat = page.getByRole("dialog", { name: zh("chat.title") });
  await ask(chat, "我想申请一笔20万的房贷");
  await chat.getByRole("link", { name: "在线填写申请" }).click();
  // The address carries the question's id, never what the customer typed.
  await expect(page).toHaveURL(/\/portal\/requests\/new\/loan\?from=[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("request.type.loan"));
  await expect(page.getByLabel(zh("request.field.amount"))).toHaveValue("200000");
  await expect(page.getByLabel(zh("request.field.loanType"))).toHaveValue("mortgage");
  // Values written into an address, or a question that is not this customer's, fill in nothing.
  await page.goto(`/portal/requests/new/loan?amount=999&loanType=business&from=${crypto.randomUUID()}`);
  await expect(page.getByLabel(zh("request.field.amount"))).toHaveValue("");
  await expect(page.getByLabel(zh("request.field.loanType"))).not.toHaveValue("business");
});
