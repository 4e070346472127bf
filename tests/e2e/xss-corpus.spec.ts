import crypto from "node:crypto";
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { XSS_PAYLOADS, XSS_PROBE } from "../security/hostile-corpus";
import { ask, openChat, transcript } from "./support/chat";
import { createStaffAccount, demoStaff, expect, postStatus, registerCustomer, signIn, signInAsStaff, test, zh } from "./support/fixtures";

/**
 * Watches a page for a payload that ran: the probe the payloads call, a dialog, and every CSP
 * violation (a refused inline script is an injection that got as far as the markup).
 */
async function watchForScripts(page: Page) {
  const executed: string[] = [];
  await page.exposeFunction(XSS_PROBE, (n: number) => executed.push(`payload #${n} ran on ${page.url()}`));
  await page.exposeFunction("__cspViolation", (v: string) => executed.push(`CSP violation on ${page.url()}: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on("dialog", (dialog) => {
    executed.push(`dialog "${dialog.message()}" on ${page.url()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) executed.push(`CSP console message on ${page.url()}: ${message.text()}`);
  });
  return executed;
}

/** Opens `path`, lets every script run, and checks the payload text is shown as text. */
async function visit(page: Page, path: string, shown?: string) {
  const response = await page.goto(path);
  expect(response?.status(), `GET ${path}`).toBeLessThan(400);
  await page.waitForLoadState("networkidle");
  if (shown) await expect(page.getByText(shown, { exact: false }).first()).toBeVisible();
}

// Short enough for every field they go into; each calls the probe with its own number.
const payload = (n: number) => XSS_PAYLOADS[n - 1]!;
const [script, img, svg, attr, svgSlash, js, closing, template, angular, link, iframe, details, mathml, body, input, comment] = Array.from({ length: 16 }, (_, i) => payload(i + 1)) as [
  string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string,
];

test("[CUSTOMER] script payloads in a name, a request and a complaint stay text for the customer, the desk and the mail viewer", async ({ page, newPage }) => {
  const executed = await watchForScripts(page);
  const name = `${img} ${template}`.slice(0, 60);
  await registerCustomer(page, { name });

  await page.goto("/portal/requests/new/inquiry");
  await page.getByLabel(zh("request.field.subject")).fill(`${svg}`);
  await page.getByLabel(zh("request.field.message")).fill(`${script} ${closing} ${attr} ${js}`);
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  const request = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];

  await page.goto("/portal/complaints/new");
  await page.getByLabel(zh("complaint.field.category")).selectOption("fees");
  await page.getByLabel(zh("complaint.field.businessLine")).selectOption("cards");
  await page.getByLabel(zh("complaint.field.whatHappened")).fill(XSS_PAYLOADS.join("\n"));
  await page.getByLabel(zh("complaint.field.whenHappened")).fill(`${svg}`);
  await page.getByLabel(zh("complaint.field.branch")).fill(`${attr}`);
  await page.getByLabel(zh("complaint.field.request")).fill(`${template} ${js}`);
  await page.getByRole("button", { name: zh("complaint.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  const complaint = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];

  await visit(page, "/portal", name);
  await visit(page, `/portal/requests/${request}`, svg);
  await visit(page, "/portal/complaints");
  await visit(page, `/portal/complaints/${complaint}`, attr);
  expect(executed, "nothing ran in the customer's pages").toEqual([]);

  const agent = await newPage();
  const agentExecuted = await watchForScripts(agent);
  await signInAsStaff(agent, "agent");
  await visit(agent, "/desk/requests");
  await visit(agent, `/desk/requests/${request}`, svg);
  expect(agentExecuted, "nothing ran on the request desk").toEqual([]);

  const supervisor = await newPage();
  const supervisorExecuted = await watchForScripts(supervisor);
  await signInAsStaff(supervisor, "supervisor");
  await visit(supervisor, "/desk/complaints");
  await visit(supervisor, `/desk/complaints/${complaint}`, attr);
  expect(supervisorExecuted, "nothing ran on the complaint desk").toEqual([]);

  // The emails the customer was sent carry the name: the mail viewer shows them as text.
  const admin = await newPage();
  const adminExecuted = await watchForScripts(admin);
  await signInAsStaff(admin, "admin");
  await expect(async () => {
    await visit(admin, "/admin/mail");
    await expect(admin.getByRole("row").filter({ hasText: complaint })).not.toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const mails = await admin.locator("table a[href^='/admin/mail/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const mail of mails.slice(0, 6)) await visit(admin, mail);
  expect(adminExecuted, "nothing ran in the mail viewer").toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Every other place user text appears. Each test makes its own people and checks, page by page,
// that nothing ran and that the payloads are on the page as the text they are.

const marker = () => crypto.randomBytes(3).toString("hex");

/** Inner text of the page: what a reader sees, so markup that was parsed is not in it. */
const shownText = (page: Page) => page.locator("body").innerText();

/**
 * Saves `body` as a file and opens it from disk in the browser: no server, no CSP, no sandbox —
 * the way a customer opens a download or a mail client shows an email.
 */
async function openFile(page: Page, name: string, body: string | Buffer, shown?: string) {
  const file = test.info().outputPath(name);
  await fs.promises.writeFile(file, body);
  await page.goto(pathToFileURL(file).href);
  await page.waitForLoadState("load");
  if (shown) await expect(page.getByText(shown, { exact: false }).first()).toBeVisible();
}

/**
 * Every email sent to `to` (once one whose subject holds `last` has arrived): read in the mail viewer, then opened
 * from disk as a mail client without a sandbox would show it. Returns the text each one shows.
 */
async function readMails(admin: Page, mailClient: Page, to: string, last: string): Promise<string[]> {
  const rows = admin.getByRole("row").filter({ hasText: to });
  await expect(async () => {
    await visit(admin, "/admin/mail");
    await expect(rows.filter({ hasText: last })).not.toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const links = await rows.locator("a[href^='/admin/mail/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  const texts: string[] = [];
  for (const [i, link] of links.entries()) {
    await visit(admin, link);
    const html = await admin.locator("iframe").getAttribute("srcdoc");
    expect(html, `the HTML body of ${link}`).toBeTruthy();
    await openFile(mailClient, `mail-${i}.html`, html!);
    texts.push(await shownText(mailClient));
  }
  return texts;
}

/** Files an enquiry from the portal; returns its acceptance number. */
async function submitInquiry(page: Page, subject: string, message: string): Promise<string> {
  await page.goto("/portal/requests/new/inquiry");
  await page.getByLabel(zh("request.field.subject")).fill(subject);
  await page.getByLabel(zh("request.field.message")).fill(message);
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  return (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
}

const supervisorStaff = demoStaff("supervisor");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

test("[CUSTOMER][AGENT] chat payloads stay text on both sides: widget, resumed transcript, queue, desk transcript, transfer note, canned reply, chat survey", async ({ page, newPage, adminPage }) => {
  // Three staff sign-ins, each of which may wait for an unused TOTP step.
  test.setTimeout(300_000);
  const id = marker();
  const executed = await watchForScripts(page);
  const adminExecuted = await watchForScripts(adminPage);

  // A canned reply made of payloads, ready on the desk before the agents open it.
  const cannedTitle = `${svg} ${id}`;
  const cannedText = `${details} ${iframe} ${id}`;
  await adminPage.goto("/admin/canned-replies");
  await adminPage.getByLabel(zh("canned.field_title"), { exact: true }).fill(cannedTitle);
  await adminPage.getByLabel(zh("canned.text_zh"), { exact: true }).fill(cannedText);
  await adminPage.getByLabel(zh("canned.text_en"), { exact: true }).fill(cannedText);
  await adminPage.getByRole("button", { name: zh("canned.add") }).click();
  const cannedRow = adminPage.getByRole("row").filter({ hasText: id });
  await expect(cannedRow).toContainText(cannedText);
  await visit(adminPage, "/admin/canned-replies", cannedText);
  await cannedRow.getByRole("link").first().click();
  await expect(adminPage.getByLabel(zh("canned.text_zh"), { exact: true })).toHaveValue(cannedText);
  expect(adminExecuted, "nothing ran on the canned-reply pages").toEqual([]);

  try {
    const agent = await newPage();
    const agentExecuted = await watchForScripts(agent);
    await signInAsStaff(agent, "agent");
    await visit(agent, "/desk/chats");
    await agent.getByRole("button", { name: zh("desk_chat.go_online") }).click();
    await expect(agent.getByText(zh("desk_chat.presence.online"))).toBeVisible();

    const name = `${img} ${id}`;
    await registerCustomer(page, { name });
    const customerWords = [script, closing, attr, js, template].join("\n");
    const chat = await openChat(page);
    await test.step("the customer's payloads and the bot's answer are text in the widget, and after a reload", async () => {
      await ask(chat, customerWords);
      await expect(transcript(chat)).toHaveCount(2);
      await ask(chat, `${mathml} ${comment}`);
      await expect(transcript(chat)).toHaveCount(4);
      await expect(transcript(chat).nth(0).getByText(script, { exact: false })).toBeVisible();
      await expect(chat.locator("img, svg, script, iframe, details, math")).toHaveCount(0);
      // The transcript comes back from the server (chat:resume) and is rendered again.
      await page.reload();
      await page.waitForLoadState("networkidle");
      await expect(transcript(chat)).toHaveCount(4);
      await expect(transcript(chat).nth(0)).toContainText(template);
      await expect(transcript(chat).nth(2)).toContainText(mathml);
      expect(executed, "nothing ran in the customer's chat").toEqual([]);
    });

    const log = agent.getByRole("log", { name: zh("desk_chat.transcript") });
    await test.step("the agent sees the customer's name in the queue and the payloads in the transcript", async () => {
      await chat.getByRole("button", { name: zh("chat.handoff") }).click();
      await expect(chat.getByText(zh("chat.status.waiting"), { exact: true })).toBeVisible();
      const entry = agent.getByRole("listitem").filter({ hasText: id });
      await expect(entry).toContainText(name);
      await entry.getByRole("button", { name: zh("desk_chat.claim") }).click();
      await expect(log).toContainText(script);
      await expect(log).toContainText(mathml);
      await expect(log.locator("img, svg, script, iframe, details, math")).toHaveCount(0);
      expect(agentExecuted, "nothing ran on the agent's desk").toEqual([]);
    });

    await test.step("the agent's reply made of payloads reaches the customer as text", async () => {
      const reply = [svg, input, body].join(" ");
      await agent.getByLabel(zh("desk_chat.reply")).fill(reply);
      await agent.getByLabel(zh("desk_chat.reply")).press("Enter");
      await expect(transcript(chat).filter({ hasText: input })).toContainText(body);
      await expect(log).toContainText(input);
      await page.reload();
      await page.waitForLoadState("networkidle");
      await expect(transcript(chat).filter({ hasText: input })).toBeVisible();
      expect(executed, "nothing ran in the customer's chat").toEqual([]);
    });

    const supervisor = await newPage();
    const supervisorExecuted = await watchForScripts(supervisor);
    const note = `${attr} ${link} ${id}`;
    await test.step("a transfer note made of payloads is text for the colleague who takes the chat", async () => {
      await signInAsStaff(supervisor, "supervisor");
      await visit(supervisor, "/desk/chats");
      await supervisor.getByRole("button", { name: zh("desk_chat.go_online") }).click();
      await expect(supervisor.getByText(zh("desk_chat.presence.online"))).toBeVisible();

      await agent.getByText(zh("desk_chat.transfer")).click();
      const to = agent.locator("#transfer-to option").filter({ hasText: supervisorStaff.name });
      await agent.getByLabel(zh("desk_chat.transfer_to"), { exact: true }).selectOption((await to.getAttribute("value"))!);
      await agent.getByLabel(zh("desk_chat.transfer_note")).fill(note);
      await agent.getByRole("button", { name: zh("desk_chat.transfer_submit") }).click();
      await expect(agent.getByText(zh("desk_chat.select_hint"))).toBeVisible();

      await supervisor.locator(".desk-chat-pick").filter({ hasText: id }).click();
      const theirs = supervisor.getByRole("log", { name: zh("desk_chat.transcript") });
      await expect(theirs.getByRole("listitem").filter({ hasText: note })).toContainText(zh("desk_chat.internal"));
      await expect(theirs).toContainText(script);
      await expect(transcript(chat).filter({ hasText: note })).toHaveCount(0);
      expect(supervisorExecuted, "nothing ran on the colleague's desk").toEqual([]);
      expect(agentExecuted, "nothing ran on the agent's desk").toEqual([]);
    });

    const rating = `@SUM(1+1)*cmd|' /C calc'!A0 ${js} ${script} ${id}`;
    await test.step("the colleague inserts the canned reply; the customer reads it as text, ends the chat and rates it with payloads", async () => {
      await supervisor.getByLabel(zh("desk_chat.canned")).selectOption({ label: cannedTitle });
      await expect(supervisor.getByLabel(zh("desk_chat.reply"))).toHaveValue(cannedText);
      await supervisor.getByRole("button", { name: zh("desk_chat.send") }).click();
      await expect(transcript(chat).filter({ hasText: iframe })).toContainText(details);
      await expect(chat.locator("iframe, details")).toHaveCount(0);
      await supervisor.getByRole("button", { name: zh("desk_chat.close") }).click();
      await expect(chat.getByText(zh("chat.status.closed"), { exact: true })).toBeVisible();
      await chat.getByRole("group", { name: zh("chat.rate_title") }).getByRole("radio", { name: zh("chat.rate_option", { rating: 1 }) }).check();
      await chat.getByRole("textbox", { name: zh("chat.rate_comment") }).fill(rating);
      await chat.getByRole("button", { name: zh("chat.rate_submit") }).click();
      await expect(chat.getByRole("status")).toHaveText(zh("chat.rate_thanks"));
      await supervisor.getByRole("button", { name: zh("desk_chat.go_away") }).click();
      await agent.getByRole("button", { name: zh("desk_chat.go_away") }).click();
      expect(executed, "nothing ran in the customer's chat").toEqual([]);
      expect(supervisorExecuted, "nothing ran on the colleague's desk").toEqual([]);
    });

    await test.step("the quality reviewer reads the chat survey: comment and whole transcript as text", async () => {
      const quality = await newPage();
      const qualityExecuted = await watchForScripts(quality);
      await signInAsStaff(quality, "quality");
      await visit(quality, "/quality/surveys?subject=chat&scoreMin=1&scoreMax=1");
      const answers = await quality.getByRole("table").getByRole("link").evaluateAll((as) => as.slice(0, 15).map((a) => a.getAttribute("href")!));
      let found = false;
      for (const answer of answers) {
        await visit(quality, answer);
        if ((await quality.getByText(id).count()) === 0) continue;
        found = true;
        await expect(quality.getByText(rating).first()).toBeVisible();
        const log = quality.getByRole("log", { name: zh("desk_chat.transcript") });
        await expect(log).toContainText(script);
        await expect(log).toContainText(cannedText);
        break;
      }
      expect(found, "the chat's survey among the newest chat answers scored 1").toBe(true);
      expect(qualityExecuted, "nothing ran in the survey review").toEqual([]);
    });
  } finally {
    await adminPage.goto("/admin/canned-replies");
    await cannedRow.getByRole("button", { name: zh("canned.delete_named", { title: cannedTitle }) }).click();
    await expect(cannedRow).toHaveCount(0);
  }
});

test("[ADMIN][VISITOR] a knowledge-base answer made of payloads stays text in the widget and on the knowledge pages; so does what a visitor types", async ({ page, adminPage }) => {
  const id = marker();
  const adminExecuted = await watchForScripts(adminPage);
  const executed = await watchForScripts(page);
  // A topic no other test asks the bot about: while it holds payloads, nobody else reads it.
  const topic = "/admin/knowledge/risk_assessment";
  const chinese = zh("knowledge.zh");
  const titleField = adminPage.getByLabel(zh("knowledge.field_title", { language: chinese }), { exact: true });
  const answerField = adminPage.getByLabel(zh("knowledge.field_answer", { language: chinese }), { exact: true });
  const save = adminPage.getByRole("button", { name: zh("knowledge.save") });
  await visit(adminPage, topic);
  const original = { title: await titleField.inputValue(), answer: await answerField.inputValue() };
  const title = `${svgSlash} ${id}`;
  const answer = `${script} ${img} ${link} ${angular} ${mathml} ${id}`;
  try {
    await test.step("the admin saves the payloads; the list and the edit page show them as text", async () => {
      await titleField.fill(title);
      await answerField.fill(answer);
      expect(await postStatus(adminPage, topic, () => save.click())).toBe(200);
      await expect(adminPage.getByRole("status")).toHaveText(zh("knowledge.saved"));
      await visit(adminPage, topic, title);
      await expect(answerField).toHaveValue(answer);
      await visit(adminPage, "/admin/knowledge", title);
      expect(adminExecuted, "nothing ran on the knowledge pages").toEqual([]);
    });

    await test.step("the bot answers a visitor with it, as text, before and after a reload", async () => {
      await page.goto("/track");
      const chat = await openChat(page);
      await ask(chat, "风险评估怎么做");
      await expect(transcript(chat).nth(1)).toContainText(answer);
      await ask(chat, [attr, closing, body, input, comment].join(" "));
      await expect(transcript(chat)).toHaveCount(4);
      await expect(chat.locator("img, svg, script, a[href^='javascript'], math, input")).toHaveCount(0);
      await page.reload();
      await page.waitForLoadState("networkidle");
      await expect(transcript(chat)).toHaveCount(4);
      await expect(transcript(chat).nth(1)).toContainText(answer);
      await expect(transcript(chat).nth(2)).toContainText(closing);
      expect(executed, "nothing ran in the visitor's chat").toEqual([]);
    });
  } finally {
    await adminPage.goto(topic);
    await titleField.fill(original.title);
    await answerField.fill(original.answer);
    expect(await postStatus(adminPage, topic, () => save.click())).toBe(200);
  }
});

test("[AGENT][CUSTOMER][QUALITY] request notes, questions, answers and survey comments stay text on the desk, the portal, the survey review, emails and the CSV", async ({ page, newPage, adminPage }) => {
  // Two staff sign-ins, each of which may wait for an unused TOTP step.
  test.setTimeout(240_000);
  const id = marker();
  const executed = await watchForScripts(page);
  const customer = await registerCustomer(page, { name: `${svgSlash} ${id}` });
  const number = await submitInquiry(page, `${template} ${id}`, `${angular} ${comment}`);

  const agent = await newPage();
  const agentExecuted = await watchForScripts(agent);
  await signInAsStaff(agent, "agent");
  const note = `${script} ${details} ${id}`;
  const question = `${img} ${link} ${id}`;
  await test.step("the agent's internal note and question are text on the desk", async () => {
    await agent.goto(`/desk/requests/${number}`);
    await agent.getByRole("button", { name: zh("desk.action.claim"), exact: true }).click();
    await agent.getByLabel(zh("desk.text_note")).fill(note);
    await agent.getByRole("button", { name: zh("desk.action.note"), exact: true }).click();
    await expect(agent.getByText(note).first()).toBeVisible();
    await agent.getByLabel(zh("desk.text_question")).fill(question);
    const asked = () => agent.getByRole("button", { name: zh("desk.action.request_info"), exact: true }).click();
    expect(await postStatus(agent, `/desk/requests/${number}`, asked)).toBeLessThan(400);
    await visit(agent, `/desk/requests/${number}`, question);
    await expect(agent.getByText(template).first()).toBeVisible();
    expect(agentExecuted, "nothing ran on the request desk").toEqual([]);
  });

  const answer = `${attr} ${mathml} ${id}`;
  await test.step("the customer reads the question as text and answers with payloads; the desk reads the answer as text", async () => {
    await visit(page, `/portal/requests/${number}`, question);
    await expect(page.getByText(note)).toHaveCount(0);
    await page.getByLabel(zh("request.answer")).fill(answer);
    // The file's name is the customer's too: made safe for a file system, shown as text.
    await page.getByLabel(zh("attachment.label")).setInputFiles({ name: `${img}.pdf`, mimeType: "application/pdf", buffer: PDF });
    const answered = () => page.getByRole("button", { name: zh("request.answer_submit") }).click();
    expect(await postStatus(page, `/portal/requests/${number}`, answered)).toBeLessThan(400);
    await visit(page, `/portal/requests/${number}`, answer);
    await expect(page.getByRole("link", { name: /onerror=__xss\(2\)\.pdf/ })).toBeVisible();
    expect(executed, "nothing ran in the customer's pages").toEqual([]);
    await visit(agent, `/desk/requests/${number}`, answer);
    await expect(agent.getByRole("link", { name: /onerror=__xss\(2\)\.pdf/ })).toBeVisible();
    for (const action of ["desk.action.accept", "desk.action.complete"] as const) {
      await agent.getByRole("button", { name: zh(action), exact: true }).click();
    }
    await expect(agent.locator(".status").first()).toHaveText(zh("request.status.completed"));
    expect(agentExecuted, "nothing ran on the request desk").toEqual([]);
  });

  const adminExecuted = await watchForScripts(adminPage);
  const mailClient = await newPage();
  const mailExecuted = await watchForScripts(mailClient);
  let surveyPath = "";
  await test.step("every email the request sent is text in the mail viewer and in a mail client without a sandbox", async () => {
    const texts = await readMails(adminPage, mailClient, customer.email, "满意度调查");
    expect(texts.some((text) => text.includes(question)), "the question is in an email as text").toBe(true);
    const invitation = texts.find((text) => text.includes("/survey/"));
    surveyPath = new URL(/https?:\/\/\S+?\/survey\/[0-9a-f-]{36}\.[\w-]{43}/.exec(invitation ?? "")![0]).pathname;
    expect(adminExecuted, "nothing ran in the mail viewer").toEqual([]);
    expect(mailExecuted, "nothing ran in the emails").toEqual([]);
  });

  // A formula first, so the export has something to neutralise.
  const surveyComment = `=HYPERLINK("http://evil.test","${id}") ${script} ${svg} ${js}`;
  await test.step("the customer answers the emailed survey with a payload comment", async () => {
    await visit(page, surveyPath);
    await page.getByRole("radio", { name: zh("survey.score.1") }).check();
    await page.getByRole("radio", { name: zh("survey.resolved.no") }).check();
    await page.getByLabel(zh("survey.comment")).fill(surveyComment);
    await page.getByRole("button", { name: zh("survey.submit") }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("survey.thanks_title"));
    expect(executed, "nothing ran in the survey").toEqual([]);
  });

  const quality = await newPage();
  const qualityExecuted = await watchForScripts(quality);
  await signInAsStaff(quality, "quality");
  const reviewNote = `${body} ${input} ${id}`;
  await test.step("the quality reviewer reads the comment, the request and its timeline as text, and notes the review with payloads", async () => {
    await visit(quality, "/quality/surveys?subject=request");
    const row = quality.getByRole("row").filter({ hasText: number });
    await row.getByRole("link").click();
    await expect(quality.getByText(surveyComment).first()).toBeVisible();
    await expect(quality.getByText(question).first()).toBeVisible();
    await quality.getByLabel(zh("quality_review.note_label")).fill(reviewNote);
    const reviewed = () => quality.getByRole("button", { name: zh("quality_review.review_submit") }).click();
    expect(await postStatus(quality, new URL(quality.url()).pathname, reviewed)).toBeLessThan(400);
    await expect(quality.getByLabel(zh("quality_review.note_label"))).toHaveValue(reviewNote);
    await visit(quality, quality.url(), surveyComment);
    expect(qualityExecuted, "nothing ran in the survey review").toEqual([]);
  });

  await test.step("its follow-up takes a note and a closing action made of payloads, shown as text", async () => {
    const link = quality.getByRole("link", { name: zh("quality_review.follow_up_link") });
    const anchor = (await link.getAttribute("href"))!.split("#")[1]!;
    await link.click();
    const followUp = quality.locator(`[id="${anchor}"]`);
    const followUpNote = `${attr} ${closing} ${id}`;
    const action = `${svgSlash} ${comment} ${id}`;
    await followUp.getByLabel(zh("quality_review.follow_up_note")).fill(followUpNote);
    await followUp.getByRole("button", { name: zh("quality_review.note_submit") }).click();
    await expect(followUp.getByText(followUpNote).first()).toBeVisible();
    await followUp.getByLabel(zh("quality_review.action_label")).fill(action);
    await followUp.getByRole("button", { name: zh("quality_review.close_submit") }).click();
    await expect(followUp.getByText(zh("quality_review.follow_up_status.closed"))).toBeVisible();
    await visit(quality, "/quality/follow-ups", action);
    await expect(quality.getByText(followUpNote).first()).toBeVisible();
    expect(qualityExecuted, "nothing ran on the follow-ups").toEqual([]);
  });

  await test.step("the survey list and its CSV download: the comment's formula is neutralised", async () => {
    await visit(quality, "/quality/surveys?subject=request");
    await expect(quality.getByRole("row").filter({ hasText: number })).toBeVisible();
    const download = quality.waitForEvent("download");
    await quality.getByRole("link", { name: zh("quality_review.export_csv"), exact: true }).click();
    const csv = fs.readFileSync((await (await download).path())!, "utf8");
    const line = csv.split("\r\n").find((l) => l.includes(number));
    expect(line, "the survey's row in the CSV").toBeTruthy();
    expect(line).toContain(`"'=HYPERLINK(""http://evil.test"",""${id}"")`);
    expect(line).not.toMatch(/(^|,)"?[=+\-@\t\r]/);

    const xlsxDownload = quality.waitForEvent("download");
    await quality.getByRole("link", { name: zh("quality_review.export_xlsx"), exact: true }).click();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await (await xlsxDownload).path())!);
    const cells: ExcelJS.Cell[] = [];
    workbook.worksheets[0]!.eachRow((row) => {
      if (row.values.toString().includes(number)) row.eachCell((cell) => cells.push(cell));
    });
    const commentCell = cells.find((cell) => String(cell.value).includes(id));
    expect(commentCell?.value, "the survey's comment in the XLSX").toBe(`'${surveyComment}`);
    // Text, never a formula, in every cell of the row.
    for (const cell of cells) expect(cell.type, `cell ${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
    expect(qualityExecuted, "nothing ran on the survey list").toEqual([]);
  });
});

test("[INVESTIGATOR][SUPERVISOR][CUSTOMER] complaint findings, contacts, extension, resolution and dispute stay text on the desk, the portal and in emails", async ({ page, newPage, adminPage }) => {
  // Two staff sign-ins, each of which may wait for an unused TOTP step.
  test.setTimeout(240_000);
  const id = marker();
  const executed = await watchForScripts(page);
  const customer = await registerCustomer(page, { name: `${body} ${id}` });
  await page.goto("/portal/complaints/new");
  await page.getByLabel(zh("complaint.field.category")).selectOption("fees");
  await page.getByLabel(zh("complaint.field.businessLine")).selectOption("cards");
  await page.getByLabel(zh("complaint.field.whatHappened")).fill(`${mathml} ${comment} ${id}`);
  await page.getByLabel(zh("complaint.field.whenHappened")).fill(`${input}`);
  await page.getByLabel(zh("complaint.field.request")).fill(`${details}`);
  await page.getByRole("button", { name: zh("complaint.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  const number = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];

  const supervisor = await newPage();
  const supervisorExecuted = await watchForScripts(supervisor);
  await signInAsStaff(supervisor, "supervisor");
  await visit(supervisor, `/desk/complaints/${number}`, mathml);
  await supervisor.getByLabel(zh("complaint_desk.field.investigator")).selectOption({ label: demoStaff("investigator").name });
  await supervisor.getByRole("button", { name: zh("complaint_desk.submit.assign") }).click();
  await expect(supervisor.locator(".status").first()).toHaveText(zh("complaint_desk.status.investigating"));

  const investigator = await newPage();
  const investigatorExecuted = await watchForScripts(investigator);
  await signInAsStaff(investigator, "investigator");
  const finding = `${script} ${attr} ${id}`;
  const contact = `${img} ${svgSlash} ${id}`;
  const extension = `${link} ${closing} ${id}`;
  const remedy = `${iframe} ${id}`;
  const response = `${svg} ${js} ${angular} ${id}`;
  await test.step("the investigator's finding, contact note, extension reason and proposed resolution are text on the desk", async () => {
    await visit(investigator, `/desk/complaints/${number}`, mathml);
    const addNote = async (kind: string, text: string, shared: boolean) => {
      await investigator.getByLabel(zh("complaint_desk.field.note_kind")).selectOption(kind);
      await investigator.getByLabel(zh("complaint_desk.field.note_text")).fill(text);
      if (shared) await investigator.getByRole("checkbox", { name: zh("complaint_desk.field.shared") }).check();
      await investigator.getByRole("button", { name: zh("complaint_desk.submit.note") }).click();
      await expect(investigator.locator(".timeline li").filter({ hasText: text })).toBeVisible();
    };
    await addNote("finding", finding, false);
    await addNote("contact", contact, true);
    await investigator.getByLabel(zh("complaint_desk.field.total_days")).selectOption("30");
    await investigator.getByLabel(zh("complaint_desk.field.extend_reason")).fill(extension);
    await investigator.getByRole("button", { name: zh("complaint_desk.submit.extend") }).click();
    await expect(investigator.getByText(extension).first()).toBeVisible();
    await investigator.getByLabel(zh("complaint_desk.field.remedy")).fill(remedy);
    await investigator.getByLabel(zh("complaint_desk.field.response")).fill(response);
    await investigator.getByRole("button", { name: zh("complaint_desk.submit.propose") }).click();
    await expect(investigator.locator(".status").first()).toHaveText(zh("complaint_desk.status.resolution_proposed"));
    await visit(investigator, `/desk/complaints/${number}`, response);
    for (const text of [finding, contact, extension, remedy]) await expect(investigator.getByText(text).first()).toBeVisible();
    expect(investigatorExecuted, "nothing ran on the investigator's desk").toEqual([]);
  });

  await test.step("the supervisor reads it all as text and approves", async () => {
    await visit(supervisor, `/desk/complaints/${number}`, response);
    for (const text of [finding, contact, extension, remedy]) await expect(supervisor.getByText(text).first()).toBeVisible();
    await supervisor.getByRole("button", { name: zh("complaint_desk.submit.approve") }).click();
    await expect(supervisor.locator(".status").first()).toHaveText(zh("complaint_desk.status.awaiting_confirmation"));
  });

  const dispute = `${input} ${script} ${id}`;
  await test.step("the customer reads the resolution, the contact note and the extension as text, not the finding, and disputes with payloads", async () => {
    await visit(page, `/portal/complaints/${number}`, response);
    for (const text of [contact, extension, remedy]) await expect(page.getByText(text).first()).toBeVisible();
    await expect(page.getByText(finding)).toHaveCount(0);
    await page.getByLabel(zh("complaint.dispute_reason")).fill(dispute);
    const disputed = () => page.getByRole("button", { name: zh("complaint.dispute") }).click();
    expect(await postStatus(page, `/portal/complaints/${number}`, disputed)).toBeLessThan(400);
    await visit(page, `/portal/complaints/${number}`, dispute);
    await visit(page, "/portal/complaints");
    expect(executed, "nothing ran in the customer's pages").toEqual([]);
    await visit(supervisor, `/desk/complaints/${number}`, dispute);
    await visit(supervisor, "/desk/complaints");
    expect(supervisorExecuted, "nothing ran on the complaint desk").toEqual([]);
  });

  await test.step("the complaint's emails are text in the mail viewer and in a mail client without a sandbox", async () => {
    const adminExecuted = await watchForScripts(adminPage);
    const mailClient = await newPage();
    const mailExecuted = await watchForScripts(mailClient);
    const texts = await readMails(adminPage, mailClient, customer.email, "投诉处理结果通知");
    expect(texts.some((text) => text.includes(extension)), "the extension's reason is in an email as text").toBe(true);
    expect(adminExecuted, "nothing ran in the mail viewer").toEqual([]);
    expect(mailExecuted, "nothing ran in the emails").toEqual([]);
  });
});

test("[CUSTOMER] the account's sessions and the personal-data downloads, opened from disk, show the payloads as text and run nothing", async ({ page, newPage }) => {
  const id = marker();
  const executed = await watchForScripts(page);
  const name = `${img} ${id}`;
  const customer = await registerCustomer(page, { name });
  await submitInquiry(page, `${svg} ${id}`, [script, closing, attr, js, template, angular].join("\n"));
  // A browser's User-Agent is the sender's text too: the account page lists it for other sessions.
  const device = `${link} ${svgSlash} ${id}`;
  const phone = await newPage({ userAgent: device });
  const phoneExecuted = await watchForScripts(phone);
  await signIn(phone, customer);
  await visit(page, "/account", device);
  expect(phoneExecuted, "nothing ran on the other device").toEqual([]);
  const chat = await openChat(page);
  await ask(chat, [mathml, comment, iframe, details, body, input].join(" "));
  await expect(transcript(chat)).toHaveCount(2);

  const reader = await newPage();
  const readerExecuted = await watchForScripts(reader);
  await test.step("the readable copy (HTML)", async () => {
    const download = await page.request.get("/account/data.html");
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toContain("attachment");
    await openFile(reader, "data.html", await download.body(), name);
    const text = await shownText(reader);
    for (const payload of [svg, script, closing, template, angular, mathml, comment, iframe, details, body, input, device]) expect(text).toContain(payload);
    await expect(reader.locator("body img, body svg, body script, body iframe, body details, body math, body input")).toHaveCount(0);
  });

  await test.step("the machine-readable copy (JSON)", async () => {
    const download = await page.request.get("/account/data.json");
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toContain("attachment");
    await openFile(reader, "data.json", await download.body(), id);
    expect(await shownText(reader)).toContain(JSON.stringify(name).slice(1, -1));
  });
  expect(readerExecuted, "nothing ran in the opened downloads").toEqual([]);
  expect(executed, "nothing ran in the customer's pages").toEqual([]);
});

test("[ADMIN][AGENT] a staff member's name made of payloads stays text on the staff list and in colleagues' pick lists", async ({ page, newPage, adminPage }) => {
  const id = marker();
  const adminExecuted = await watchForScripts(adminPage);
  const name = `${img} ${svgSlash} ${id}`;
  await createStaffAccount(adminPage, { name, email: `staff-${id}@e2e.trustline.test`, roles: ["agent", "investigator"] });
  await visit(adminPage, "/admin/staff", name);
  expect(adminExecuted, "nothing ran on the staff pages").toEqual([]);

  await registerCustomer(page);
  const number = await submitInquiry(page, "借记卡年费", "为什么收了年费？");
  const agent = await newPage();
  const agentExecuted = await watchForScripts(agent);
  await signInAsStaff(agent, "agent");
  await visit(agent, `/desk/requests/${number}`);
  // Among the colleagues a request can be handed to, as the option's text.
  const option = agent.getByLabel(zh("desk.assign_to")).locator("option").filter({ hasText: id });
  await expect(option).toHaveText(name);
  expect(agentExecuted, "nothing ran on the request desk").toEqual([]);
});
