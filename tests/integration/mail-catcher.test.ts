import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { caughtMail } from "../../db/schema";
import { findCaughtMail, getCaughtMail } from "../../emails/caught-mail";
import { enqueueEmail } from "../../emails/enqueue-email";
import { startMailCatcher, type MailCatcher } from "../../emails/mail-catcher";
import { createMailTransport, type MailTransport } from "../../emails/mailer";
import { runOutboxOnce } from "../../emails/outbox-worker";
import { uniqueEmail } from "../support/accounts";
import { SECOND } from "../support/clock";
import { openTestServices, type TestServices } from "../support/test-database";

let services: TestServices;
let catcher: MailCatcher;
let transport: MailTransport;

beforeAll(async () => {
  services = await openTestServices();
  catcher = await startMailCatcher({ db: services.domain.db, port: 0, now: services.clock.now, maxBytes: 64 * 1024 });
  transport = createMailTransport(`smtp://127.0.0.1:${catcher.port}`);
});

afterAll(async () => {
  transport?.close();
  await catcher?.close();
  await services?.cleanup();
});

describe("the built-in mail catcher", () => {
  test("stores a message sent through the mailer, Chinese subject and all", async () => {
    const to = uniqueEmail("catcher");
    const messageId = "<catcher-test-1@trustline.local>";
    await transport.send({
      messageId,
      to,
      subject: "业务受理通知（受理编号：TL20261128000001）",
      text: "尊敬的客户：\n\n我们已收到您提交的业务申请。\n",
      html: "<p>尊敬的客户：</p><p>我们已收到您提交的业务申请。</p>",
    });

    const { messages } = await findCaughtMail(services.domain.db, { page: 1, pageSize: 50 });
    const summary = messages.find((m) => m.toAddress === to);
    expect(summary).toMatchObject({ subject: "业务受理通知（受理编号：TL20261128000001）", receivedAt: services.clock.now() });
    const stored = await getCaughtMail(services.domain.db, summary!.id);
    expect(stored).toMatchObject({
      messageId,
      fromAddress: expect.stringContaining("no-reply@trustline.local"),
      toAddress: to,
      textBody: "尊敬的客户：\n\n我们已收到您提交的业务申请。\n",
      htmlBody: "<p>尊敬的客户：</p><p>我们已收到您提交的业务申请。</p>",
    });
  });

  test("lists what the outbox sent newest first, a page at a time", async () => {
    const db = services.domain.db;
    await db.delete(caughtMail);
    const to = uniqueEmail("outbox");
    const numbers = ["TL20261128000101", "TL20261128000102", "TL20261128000103"];
    for (const number of numbers) {
      await db.transaction((tx) =>
        enqueueEmail(tx, { template: "request.completed", to, locale: "zh-CN", params: { number }, now: services.clock.now() }),
      );
    }
    // One at a time, a second apart, so "newest first" has an order to show.
    for (let i = 0; i < numbers.length; i++) {
      expect(await runOutboxOnce({ db, transport, now: services.clock.now, batchSize: 1 })).toMatchObject({ sent: 1 });
      services.clock.advance(SECOND);
    }
    const firstPage = await findCaughtMail(db, { page: 1, pageSize: 2 });
    expect(firstPage.hasMore).toBe(true);
    expect(firstPage.messages.map((m) => m.subject)).toEqual([expect.stringContaining(numbers[2]!), expect.stringContaining(numbers[1]!)]);
    const secondPage = await findCaughtMail(db, { page: 2, pageSize: 2 });
    expect(secondPage).toMatchObject({ hasMore: false, messages: [{ subject: expect.stringContaining(numbers[0]!) }] });
  });

  test("an unknown or malformed id finds nothing rather than failing", async () => {
    expect(await getCaughtMail(services.domain.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await getCaughtMail(services.domain.db, "not-a-uuid")).toBeNull();
    expect(await getCaughtMail(services.domain.db, "'; drop table caught_mail; --")).toBeNull();
  });

  test("refuses a message over its size limit and keeps nothing of it", async () => {
    const db = services.domain.db;
    await db.delete(caughtMail);
    const big = "x".repeat(100 * 1024);
    await expect(
      transport.send({ messageId: "<too-big@trustline.local>", to: uniqueEmail("big"), subject: "big", text: big, html: `<p>${big}</p>` }),
    ).rejects.toThrow(/size|552/i);
    expect(await db.select().from(caughtMail)).toEqual([]);
  });
});
