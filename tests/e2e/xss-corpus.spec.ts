import type { Page } from "@playwright/test";
import { XSS_PAYLOADS, XSS_PROBE } from "../security/hostile-corpus";
import { expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

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
const [script, img, svg, attr, , js, closing, template] = XSS_PAYLOADS;

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
