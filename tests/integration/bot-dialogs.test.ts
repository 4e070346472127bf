import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createChatBot } from "../../bot/chat-bot";
import { complaints, serviceRequests, type ChatAction } from "../../db/schema";
import { readBotState } from "../../domain/conversations/bot-state";
import { closeConversation } from "../../domain/conversations/close-conversation";
import { openConversation, postMessage, type DeliveredMessage } from "../../domain/conversations/conversations";
import type { ChatParticipant } from "../../domain/conversations/participants";
import { formPrefillFromChat } from "../../domain/conversations/form-from-chat";
import type { SubmittableType } from "../../domain/service-requests/request-schemas";
import { submitRequest } from "../../domain/service-requests/submit-request";
import { registerTestCustomer } from "../support/accounts";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

describe(`the bot's dialogs, turn by turn (${testDatabaseKind()})`, () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await openTestServices();
  });
  afterAll(async () => {
    await services?.cleanup();
  });
  // Whatever a turn runs into is reported, never thrown at the socket layer: none is expected here.
  const failures: unknown[] = [];
  afterEach(() => {
    expect(failures).toEqual([]);
    failures.length = 0;
  });

  /** A chat with a fresh bot (as after a restart, when `restart` is called) over the real database. */
  async function chatAs(participant: ChatParticipant, options: { agentsOnline?: boolean } = {}) {
    const ctx = services.domain;
    const replies: DeliveredMessage[] = [];
    const handoffs: string[] = [];
    const makeBot = () =>
      createChatBot({
        ctx,
        publish: (message) => replies.push(message),
        handOff: async (conversationId) => {
          handoffs.push(conversationId);
          return { noAgent: !options.agentsOnline };
        },
        onError: (error) => failures.push(error),
      });
    let bot = makeBot();
    const conversation = await openConversation(ctx, participant);
    return {
      conversationId: conversation.id,
      participant,
      handoffs,
      restart() {
        bot = makeBot();
      },
      /** Sends one message and returns the bot's replies to it (`meanwhile` runs before the bot's turn). */
      async say(text: string, meanwhile?: () => Promise<unknown>): Promise<{ text: string; actions: ChatAction[] }[]> {
        const stored = await postMessage(ctx, { participant, conversationId: conversation.id, clientId: crypto.randomUUID(), text });
        await meanwhile?.();
        const before = replies.length;
        await bot.handle({
          conversationId: conversation.id,
          participant,
          question: stored.message,
          language: stored.conversation.language,
          botState: stored.conversation.botState,
        });
        return replies.slice(before).map((m) => ({ text: m.text, actions: m.actions }));
      },
      /** "Talk to a person" pressed while nobody is online: the bot's event turn. */
      async noAgentOnline() {
        const before = replies.length;
        await bot.noAgentOnline({ conversationId: conversation.id, participant });
        return replies.slice(before).map((m) => ({ text: m.text, actions: m.actions }));
      },
      async storedState() {
        return (await readBotState(ctx, conversation.id)).botState;
      },
    };
  }

  const visitor = (): ChatParticipant => ({ kind: "visitor", visitorId: crypto.randomUUID() });

  async function customerWithRequests() {
    const { user } = await registerTestCustomer(services.domain);
    const request = await submitRequest(services.domain, { customer: user, details: { type: "inquiry", subject: "Card fee", message: "Why was I charged a fee?" } });
    return { user, participant: { kind: "customer", userId: user.id } as ChatParticipant, number: request.number };
  }

  test("answers in the language asked, with the form to start from, and keeps no state for it", async () => {
    const chat = await chatAs(visitor());
    const [zh] = await chat.say("怎么开户");
    expect(zh!.text).toContain("身份证");
    expect(zh!.actions).toEqual([{ kind: "link", label: "登录后在线申请", href: "/login?redirectTo=%2Fportal%2Frequests%2Fnew%2Faccount_opening" }]);
    const [en] = await chat.say("How do I open an account?");
    expect(en!.text).toMatch(/ID document/);
    expect(await chat.storedState()).toBeNull();
  });

  test("tells a signed-in customer the status of their own requests only", async () => {
    const mine = await customerWithRequests();
    const other = await customerWithRequests();
    const chat = await chatAs(mine.participant);
    const [list] = await chat.say("我的申请到哪一步了");
    expect(list!.text).toContain(mine.number);
    expect(list!.text).toContain("已提交");
    expect(list!.text).not.toContain(other.number);
    expect(list!.actions).toContainEqual({ kind: "link", label: `查看 ${mine.number}`, href: `/portal/requests/${mine.number}` });

    const [named] = await chat.say(`What is the status of ${other.number}?`);
    expect(named!.text).toMatch(/can't find a request of yours/);
    expect(named!.text).not.toContain(other.number);
  });

  test("starts a form with what the customer already said, without putting it in the address; offers to put an unanswered question in writing", async () => {
    const { user, participant } = await customerWithRequests();
    const someoneElse = await customerWithRequests();
    const chat = await chatAs(participant);
    /** The form a link opens, and what the form starts with when `customerId` opens it. */
    const opened = async (action: ChatAction | undefined, customerId = user.id) => {
      const href = new URL((action as { href: string }).href, "http://portal");
      const type = href.pathname.split("/").at(-1) as SubmittableType;
      // Only the question's id travels in the address.
      expect([...href.searchParams.keys()]).toEqual(["from"]);
      return { type, prefill: await formPrefillFromChat(services.domain, { customerId, questionId: href.searchParams.get("from")!, type }) };
    };

    const [loan] = await chat.say("我想申请一笔20万的房贷");
    expect(loan!.actions).toEqual([{ kind: "link", label: "在线填写申请", href: expect.stringMatching(/^\/portal\/requests\/new\/loan\?from=[0-9a-f-]{36}$/) }]);
    expect(await opened(loan!.actions[0])).toEqual({ type: "loan", prefill: { amount: "200000", loanType: "mortgage" } });
    // Someone else holding the link gets an empty form.
    expect(await opened(loan!.actions[0], someoneElse.user.id)).toEqual({ type: "loan", prefill: {} });

    const [business] = await chat.say("How do I open a company account?");
    expect(business!.actions).toEqual([{ kind: "link", label: "Fill in the application", href: expect.stringMatching(/^\/portal\/requests\/new\/account_opening\?from=/) }]);
    expect(await opened(business!.actions[0])).toEqual({ type: "account_opening", prefill: { holder: "enterprise" } });

    const [unanswered] = await chat.say("信用卡年费多少钱");
    const inWriting = unanswered!.actions.find((a) => a.label === "书面咨询");
    expect(await opened(inWriting)).toEqual({ type: "inquiry", prefill: { message: "信用卡年费多少钱" } });
  });

  test("asks a visitor to sign in before telling any status", async () => {
    const chat = await chatAs(visitor());
    const [reply] = await chat.say("查询我的申请进度");
    expect(reply!.text).toContain("先登录");
    expect(reply!.actions.map((a) => a.kind)).toEqual(["link", "link"]);
  });

  test("takes a complaint down across turns and a restart, and files it as a complaint with the chat attached", async () => {
    const { participant, user } = await customerWithRequests();
    const chat = await chatAs(participant);
    const [category] = await chat.say("我要投诉你们的服务");
    expect(category!.text).toContain("投诉类别");
    expect(category!.actions).toHaveLength(7);
    expect(category!.actions[0]).toEqual({ kind: "reply", label: "服务态度", text: "服务态度" });
    expect(await chat.storedState()).not.toBeNull();

    const [line] = await chat.say("服务态度");
    expect(line!.text).toContain("涉及哪类业务");
    expect(line!.actions.map((a) => a.label)).toContain("银行卡");
    expect((await chat.say("银行卡"))[0]!.text).toContain("发生了什么");
    // The dialog lives in the database: a new bot process picks it up where it was.
    chat.restart();
    expect((await chat.say("柜台员工态度很差，不耐烦"))[0]!.text).toContain("什么时候");
    expect((await chat.say("昨天下午"))[0]!.text).toContain("怎样处理");
    const [confirm] = await chat.say("希望道歉");
    expect(confirm!.text).toContain("类别：服务态度");
    expect(confirm!.text).toContain("业务：银行卡");
    expect(confirm!.text).toContain("柜台员工态度很差");

    const [recorded] = await chat.say("确认提交");
    const number = /TL\d{14}/.exec(recorded!.text)?.[0];
    expect(number).toBeDefined();
    const [complaint] = await services.domain.db.select().from(complaints).where(eq(complaints.number, number!));
    expect(complaint).toMatchObject({
      customerId: user.id,
      channel: "chat",
      conversationId: chat.conversationId,
      category: "service_attitude",
      businessLine: "cards",
      status: "acknowledged",
    });
    expect(JSON.parse(services.domain.cipher.decrypt(complaint!.detailsEnc))).toMatchObject({
      whatHappened: "柜台员工态度很差，不耐烦",
      whenHappened: "昨天下午",
      request: "希望道歉",
    });
    expect(recorded!.actions).toEqual([
      { kind: "link", label: `查看 ${number}`, href: `/portal/complaints/${number}` },
      { kind: "handoff", label: "转人工客服" },
    ]);
    // Done: no state left behind.
    expect(await chat.storedState()).toBeNull();
  });

  test("a complaint can be cancelled at any step, recording nothing", async () => {
    const { participant, user } = await customerWithRequests();
    const chat = await chatAs(participant);
    await chat.say("I want to file a complaint");
    await chat.say("Fees and charges");
    const [cancelled] = await chat.say("cancel");
    expect(cancelled!.text).toMatch(/cancelled/);
    expect(await services.domain.db.select().from(complaints).where(eq(complaints.customerId, user.id))).toEqual([]);
    expect(await chat.storedState()).toBeNull();
  });

  test("offers a person after two answers in a row it was unsure of", async () => {
    const chat = await chatAs(visitor());
    const [first] = await chat.say("明天会下雨吗");
    expect(first!.actions.at(-1)).toEqual({ kind: "handoff", label: "转人工客服" });
    expect(await chat.storedState()).toEqual({ misses: 1 });
    const [second] = await chat.say("给我推荐一只股票");
    expect(second!.text).toContain("没能帮上忙");
    expect(second!.actions).toEqual([{ kind: "handoff", label: "转人工客服" }]);
    expect(await chat.storedState()).toBeNull();
  });

  test("hands over to a person when one is online", async () => {
    const chat = await chatAs(visitor(), { agentsOnline: true });
    const replies = await chat.say("转人工");
    expect(chat.handoffs).toEqual([chat.conversationId]);
    expect(replies).toEqual([]);
  });

  test("with nobody online, a customer's message is left as a request", async () => {
    const { participant, user } = await customerWithRequests();
    const chat = await chatAs(participant);
    const [offer] = await chat.say("I want to talk to a real person");
    expect(offer!.text).toMatch(/No agent is online/);
    expect(offer!.actions.map((a) => a.label)).toEqual(["Yes", "No thanks"]);
    expect((await chat.say("Yes"))[0]!.text).toMatch(/type your message/);
    const [recorded] = await chat.say("Please call me back about my card.");
    const number = /TL\d{14}/.exec(recorded!.text)?.[0];
    const [request] = await services.domain.db.select().from(serviceRequests).where(eq(serviceRequests.number, number!));
    expect(request?.customerId).toBe(user.id);
    expect(JSON.parse(services.domain.cipher.decrypt(request!.detailsEnc))).toMatchObject({ message: "Please call me back about my card." });
  });

  test("the button for a person, with nobody online, offers the same, in the conversation's language", async () => {
    const { participant } = await customerWithRequests();
    const chat = await chatAs(participant);
    await chat.say("How long does a loan review take?");
    const [offer] = await chat.noAgentOnline();
    expect(offer!.text).toMatch(/No agent is online/);
    expect((await chat.say("No thanks"))[0]!.text).toMatch(/cancelled/);
  });

  test("pressing for a person again while the bot takes a message keeps the dialog going", async () => {
    const { participant, user } = await customerWithRequests();
    const chat = await chatAs(participant);
    await chat.say("转人工");
    expect(await chat.noAgentOnline()).toEqual([]);
    expect((await chat.say("好的"))[0]!.text).toContain("请输入您的留言");
    const [recorded] = await chat.say("请回电话给我");
    expect(recorded!.text).toMatch(/受理号 TL\d{14}/);
    const requests = await services.domain.db.select().from(serviceRequests).where(eq(serviceRequests.customerId, user.id));
    expect(requests).toHaveLength(2);
  });

  test("an answer to a chat that ended meanwhile is dropped quietly", async () => {
    const chat = await chatAs(visitor());
    const participant = { kind: "participant" as const, participant: chat.participant };
    const replies = await chat.say("怎么开户", () => closeConversation(services.domain, { conversationId: chat.conversationId, by: participant }));
    expect(replies).toEqual([]);
  });

  test("with nobody online, a visitor is told when agents are there", async () => {
    const chat = await chatAs(visitor());
    const [reply] = await chat.say("人工客服");
    expect(reply!.text).toContain("08:00");
    expect(reply!.actions[0]?.kind).toBe("link");
  });
});
