import type { Page } from "@playwright/test";
import { DEMO_STAFF } from "../../db/seed";
import { agreeToSensitiveNotice, expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

const approver = DEMO_STAFF.find((s) => s.email === "approver@trustline.test")!;

async function openOnDesk(page: Page, number: string) {
  await page.goto(`/desk/requests/${number}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(number);
}

async function act(page: Page, action: string, text?: string) {
  const button = page.getByRole("button", { name: zh(action as never), exact: true });
  const form = page.locator("form").filter({ has: button });
  if (text) await form.getByRole("textbox").fill(text);
  await button.click();
}

test("[CUSTOMER] submits a loan that staff review, question, approve in three steps and complete", async ({ page, newPage, adminPage }) => {
  test.slow();
  const customer = await registerCustomer(page);

  await test.step("the customer submits a loan application and sees its acceptance number", async () => {
    await page.getByRole("link", { name: zh("request.new_button") }).click();
    await page.getByRole("link", { name: new RegExp(zh("request.type.loan")) }).click();
    await page.getByLabel(zh("request.field.loanType")).selectOption("personal");
    await page.getByLabel(zh("request.field.amount")).fill("200000");
    await page.getByLabel(zh("request.field.termMonths")).fill("36");
    await page.getByLabel(zh("request.field.monthlyIncome")).fill("15000");
    await page.getByLabel(zh("request.field.employment")).selectOption("employed");
    await page.getByLabel(zh("attachment.label")).setInputFiles({ name: "收入证明.pdf", mimeType: "application/pdf", buffer: PDF });
    await agreeToSensitiveNotice(page);
    await page.getByRole("button", { name: zh("request.submit") }).click();
    await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  });
  const number = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];
  await expect(page.locator(".status").first()).toHaveText(zh("request.status.submitted"));
  await test.step("the acceptance email reaches the mail catcher", async () => {
    await adminPage.goto("/admin/mail");
    const row = adminPage.getByRole("row", { name: customer.email }).filter({ hasText: number });
    await expect(async () => {
      await adminPage.reload();
      await expect(row).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });

  const download = page.getByRole("link", { name: "收入证明.pdf" });
  await expect(download).toBeVisible();
  const attachmentPath = (await download.getAttribute("href"))!;

  const agent = await newPage();
  await signInAsStaff(agent, "agent");
  await test.step("an agent takes the request and asks for more information", async () => {
    await openOnDesk(agent, number);
    await act(agent, "desk.action.claim");
    await act(agent, "desk.action.request_info", "请提供最近三个月的工资流水。");
    await expect(agent.locator(".status").first()).toHaveText(zh("request.status.info_requested"));
  });

  await test.step("the customer reads the question and answers", async () => {
    await page.reload();
    await expect(page.getByText("请提供最近三个月的工资流水。")).toBeVisible();
    await page.getByLabel(zh("request.answer")).fill("已通过网点提交工资流水。");
    await page.getByRole("button", { name: zh("request.answer_submit") }).click();
    await expect(page.locator(".status").first()).toHaveText(zh("request.status.under_review"));
  });

  await test.step("the agent accepts it into approval", async () => {
    await openOnDesk(agent, number);
    await act(agent, "desk.action.accept");
    await expect(agent.locator(".status").first()).toHaveText(zh("request.status.in_approval"));
  });

  const twoRoles = await newPage();
  await signInAsStaff(twoRoles, approver);
  await test.step("a customer manager approves the first step, and may not take the second", async () => {
    await openOnDesk(twoRoles, number);
    await act(twoRoles, "desk.action.approve");
    await expect(twoRoles.getByText(zh("desk.approval_pending", { step: 2, role: zh("role.risk") }))).toBeVisible();
    // The desk offers no second step to them; a hand-made post is refused by the server.
    await expect(twoRoles.getByRole("button", { name: zh("desk.action.approve") })).toHaveCount(0);
    const refused = await twoRoles.request.post(`/desk/requests/${number}`, {
      form: { intent: "approve" },
      headers: { Origin: new URL(twoRoles.url()).origin },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain("request.four_eyes_decided_a_step");
  });

  for (const role of ["risk", "compliance"] as const) {
    const approverPage = await newPage();
    await signInAsStaff(approverPage, role);
    await test.step(`the ${role} officer approves`, async () => {
      await openOnDesk(approverPage, number);
      await act(approverPage, "desk.action.approve");
    });
    if (role === "compliance") await expect(approverPage.locator(".status").first()).toHaveText(zh("request.status.approved"));
  }

  await test.step("the agent records completion", async () => {
    await openOnDesk(agent, number);
    await act(agent, "desk.action.complete");
    await expect(agent.locator(".status").first()).toHaveText(zh("request.status.completed"));
  });

  await test.step("the customer's timeline shows every public step and no internal one", async () => {
    await page.reload();
    const timeline = page.getByRole("list").filter({ hasText: zh("request.event.submitted") });
    await expect(timeline.getByRole("listitem")).toHaveText([
      new RegExp(zh("request.event.submitted")),
      new RegExp(zh("request.event.review_started")),
      new RegExp(zh("request.event.info_requested")),
      new RegExp(zh("request.event.info_provided")),
      new RegExp(zh("request.event.accepted")),
      new RegExp(zh("request.event.approval_step_passed", { step: 1, of: 3 })),
      new RegExp(zh("request.event.approval_step_passed", { step: 2, of: 3 })),
      new RegExp(zh("request.event.approved")),
      new RegExp(zh("request.event.completed")),
    ]);
    await expect(page.getByText(zh("request.event.assigned"))).toHaveCount(0);
  });

  await test.step("the attachment downloads for its owner and for staff, and for nobody else", async () => {
    const own = await page.request.get(attachmentPath);
    expect(own.status()).toBe(200);
    expect((await own.body()).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await agent.request.get(attachmentPath)).status()).toBe(200);
    const stranger = await newPage();
    await registerCustomer(stranger);
    expect((await stranger.request.get(attachmentPath)).status()).toBe(404);
  });
});

test("[CUSTOMER] cannot open another customer's request, and bad input changes nothing", async ({ page, newPage }) => {
  await registerCustomer(page);
  await page.goto("/portal/requests/new/transfer");
  await page.getByLabel(zh("request.field.payeeName")).fill("李雷");
  await page.getByLabel(zh("request.field.payeeAccount")).fill("12ab");
  await page.getByLabel(zh("request.field.amount")).fill("-5");
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByLabel(zh("request.field.payeeAccount"))).toHaveAccessibleDescription(zh("error.account_number_invalid"));
  await expect(page.getByLabel(zh("request.field.amount"))).toHaveAccessibleDescription(zh("error.amount_invalid"));
  await expect(page.getByLabel(zh("request.field.purpose"))).toHaveAccessibleDescription(zh("error.required"));

  await page.getByLabel(zh("request.field.payeeAccount")).fill("6222020200112233");
  await page.getByLabel(zh("request.field.amount")).fill("100");
  await page.getByLabel(zh("request.field.purpose")).fill("房租");
  // A program renamed .pdf is refused by its content; so is a file over 10 MB.
  await page.getByLabel(zh("attachment.label")).setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 this is a Windows program") });
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByLabel(zh("attachment.label"))).toHaveAccessibleDescription(zh("attachment.type_not_allowed"));
  await page.getByLabel(zh("attachment.label")).setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(20 * 1024 * 1024)]) });
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByLabel(zh("attachment.label"))).toHaveAccessibleDescription(zh("attachment.too_large"));
  await page.goto("/portal");
  await expect(page.getByText(zh("request.list_empty"))).toBeVisible();

  await page.goto("/portal/requests/new/account_opening");
  await page.getByLabel(zh("request.field.holder")).selectOption("individual");
  await page.getByLabel(zh("request.field.realName")).fill("张三");
  await page.getByLabel(zh("request.field.residentId")).fill("110105194912310021");
  await page.getByLabel(zh("request.field.mobile")).fill("13800000000");
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByLabel(zh("request.field.residentId"))).toHaveAccessibleDescription(zh("error.resident_id_check_digit"));
  await page.getByLabel(zh("request.field.residentId")).fill("11010519491231002X");
  await agreeToSensitiveNotice(page);
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  const number = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];

  const stranger = await newPage();
  await registerCustomer(stranger);
  const response = await stranger.goto(`/portal/requests/${number}`);
  expect(response?.status()).toBe(404);
  await expect(stranger.getByRole("heading", { name: zh("page.not_found_title") })).toBeVisible();
  const unknownType = await stranger.goto("/portal/requests/new/mortgage-fraud");
  expect(unknownType?.status()).toBe(404);
});

test("[VISITOR] tracks a request by number and mobile, and sees only its status", async ({ page, newPage }) => {
  const customer = await registerCustomer(page);
  await page.goto("/portal/requests/new/inquiry");
  await page.getByLabel(zh("request.field.subject")).fill("信用卡年费");
  await page.getByLabel(zh("request.field.message")).fill("白金卡的年费是多少？");
  await page.getByRole("button", { name: zh("request.submit") }).click();
  const number = (await page.getByRole("status").textContent())!.match(/TL\d{14}/)![0];

  const visitor = await newPage();
  await visitor.goto("/track");
  await visitor.getByLabel(zh("track.number")).fill(number);
  await visitor.getByLabel(zh("track.mobile")).fill("13911112222");
  await visitor.getByRole("button", { name: zh("track.submit") }).click();
  await expect(visitor.getByRole("alert")).toHaveText(zh("track.not_found"));
  await visitor.getByLabel(zh("track.mobile")).fill(customer.mobile);
  await visitor.getByRole("button", { name: zh("track.submit") }).click();
  await expect(visitor.getByRole("status")).toHaveText(
    zh("track.result", { number, type: zh("request.type.inquiry"), status: zh("request.status.submitted") }),
  );
  await expect(visitor.getByText("白金卡")).toHaveCount(0);
});

test("[CUSTOMER] pages through more requests than one page of my requests shows", async ({ page }) => {
  await registerCustomer(page);
  // 21 inquiries, posted as the portal's form posts them: one more than a page.
  for (let n = 1; n <= 21; n++) {
    const response = await page.request.post("/portal/requests/new/inquiry", {
      multipart: { type: "inquiry", subject: `Question ${n}`, message: "When is the branch open?" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
  }
  const requests = page.getByRole("region", { name: zh("request.list_title") });
  const rows = requests.getByRole("row").filter({ has: page.getByRole("link", { name: /TL\d{14}/ }) });
  await page.goto("/portal");
  await expect(rows).toHaveCount(20);
  const newest = await rows.first().getByRole("link").textContent();
  await expect(requests.getByRole("link", { name: zh("request.list_first_page") })).toHaveCount(0);

  await requests.getByRole("link", { name: zh("request.list_next_page") }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole("link")).not.toHaveText(newest!);
  await expect(requests.getByRole("link", { name: zh("request.list_next_page") })).toHaveCount(0);

  await requests.getByRole("link", { name: zh("request.list_first_page") }).click();
  await expect(rows).toHaveCount(20);
  await expect(rows.first().getByRole("link")).toHaveText(newest!);
});
