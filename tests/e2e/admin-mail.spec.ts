import crypto from "node:crypto";
import { createMailTransport } from "../../emails/mailer";
import { newMessageId } from "../../emails/enqueue-email";
import { renderEmail } from "../../emails/templates";
import { expect, registerCustomer, test, tFor, uniqueEmail } from "./support/fixtures";

// The server's built-in catcher (tests/e2e/support/web-server.ts starts it on this port).
const catcherUrl = `smtp://127.0.0.1:${process.env.E2E_MAIL_CATCHER_PORT ?? "2610"}`;

/** Hands the catcher an email as the outbox would, without needing a feature that sends one. */
async function sendToCatcher(to: string) {
  const number = `TL20261128${crypto.randomInt(0, 1_000_000).toString().padStart(6, "0")}`;
  const email = renderEmail("request.received", "zh-CN", { number, requestType: "loan", dueAt: new Date("2026-12-03T09:30:00Z") });
  const transport = createMailTransport(catcherUrl);
  try {
    await transport.send({ messageId: newMessageId(), to, ...email });
  } finally {
    transport.close();
  }
  return { number, subject: email.subject };
}

test("[ADMIN] reads a caught email at /admin/mail: list, headers, text and the sandboxed HTML", async ({ adminPage: page }) => {
  const to = uniqueEmail("caught");
  const { number, subject } = await sendToCatcher(to);

  await page.goto("/desk");
  const t = await tFor(page);
  await page.getByRole("link", { name: t("mail.nav"), exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/mail$/);
  await expect(page.getByRole("heading", { name: t("mail.title") })).toBeVisible();
  const row = page.getByRole("row", { name: to });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(2)).toHaveText(subject);

  await row.getByRole("link", { name: subject }).click();
  await expect(page).toHaveURL(/\/admin\/mail\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: subject, level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: t("mail.to") })).toContainText(to);
  await expect(page.getByRole("row", { name: t("mail.from") })).toContainText("no-reply@trustline.local");
  await expect(page.getByRole("row", { name: t("mail.message_id") })).toContainText("@trustline.local>");
  await expect(page.getByRole("region", { name: t("mail.text_body") })).toContainText(`受理编号为 ${number}`);

  // Checked from outside: Playwright reaching into a frame without allow-scripts logs a
  // "Blocked script execution" console error of its own.
  const frame = page.getByTitle(t("mail.html_frame"));
  await expect(frame).toBeVisible();
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(frame).toHaveAttribute("srcdoc", new RegExp(`<a href="[^"]*/portal/requests/${number}">`));

  await page.getByRole("link", { name: t("mail.back") }).click();
  await expect(page).toHaveURL(/\/admin\/mail$/);
});

test("[ADMIN] gets the 404 page for a caught email that does not exist, whatever the id looks like", async ({ adminPage: page }) => {
  const t = await tFor(page);
  for (const id of [crypto.randomUUID(), "not-a-uuid", "1%27%20or%201%3D1"]) {
    const response = await page.goto(`/admin/mail/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByRole("heading", { name: t("page.not_found_title") })).toBeVisible();
  }
  // A page number that makes no sense shows the first page, not an error.
  expect((await page.goto("/admin/mail?page=-3"))?.status()).toBe(200);
});

test("[CUSTOMER] is refused the caught mail with the 403 page and sees no Mail link", async ({ page }) => {
  await registerCustomer(page);
  const t = await tFor(page);
  await expect(page.getByRole("link", { name: t("mail.nav"), exact: true })).toHaveCount(0);
  for (const path of ["/admin/mail", `/admin/mail/${crypto.randomUUID()}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: t("page.forbidden_title") })).toBeVisible();
  }
});
