import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test as base, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import lockfile from "proper-lockfile";
import { translator, type Locale, type Translate } from "../../../app/i18n";
import type { StaffRole } from "../../../db/schema";
import { DEMO_PASSWORD, DEMO_STAFF } from "../../../db/seed";

export { expect };

// Locator texts come from the product's own catalogs, so a reworded label cannot leave a test
// silently looking for the old words.
export const zh = translator("zh-CN");
export const en = translator("en");

export async function pageLocale(page: Page): Promise<Locale> {
  return (await page.locator("html").getAttribute("lang")) === "en" ? "en" : "zh-CN";
}

/** The catalog of the language the page is shown in. */
export async function tFor(page: Page): Promise<Translate> {
  return translator(await pageLocale(page));
}

// ---------------------------------------------------------------------------------------------
// Fresh people: every test makes its own, so tests never depend on each other's leftovers.

export interface Customer {
  name: string;
  email: string;
  mobile: string;
  password: string;
}

function randomHex(bytes: number): string {
  return crypto.randomBytes(bytes).toString("hex");
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomHex(3)}@e2e.trustline.test`;
}

export function uniqueMobile(): string {
  return `139${crypto.randomInt(0, 100_000_000).toString().padStart(8, "0")}`;
}

export function newCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    name: `测试客户 ${randomHex(2)}`,
    email: uniqueEmail("customer"),
    mobile: uniqueMobile(),
    password: `harbour lantern ${randomHex(4)}`,
    ...overrides,
  };
}

/**
 * Runs `submit` and returns the status of the form post it makes (with JavaScript a fetch, so
 * the page itself never reports it). Waiting for it also keeps two posts from overlapping.
 */
export async function postStatus(page: Page, path: string, submit: () => Promise<void>): Promise<number> {
  const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === path);
  await submit();
  return (await response).status();
}

export async function fillRegisterForm(page: Page, customer: Partial<Customer>): Promise<void> {
  const t = await tFor(page);
  if (customer.name !== undefined) await page.getByLabel(t("register.name"), { exact: true }).fill(customer.name);
  if (customer.email !== undefined) await page.getByLabel(t("auth.email"), { exact: true }).fill(customer.email);
  if (customer.mobile !== undefined) await page.getByLabel(t("register.mobile"), { exact: true }).fill(customer.mobile);
  if (customer.password !== undefined) await page.getByLabel(t("auth.password"), { exact: true }).fill(customer.password);
  await page.getByRole("button", { name: t("register.submit") }).click();
}

/** Opens an account through /register and leaves the page signed in on /portal. */
export async function registerCustomer(page: Page, overrides: Partial<Customer> = {}): Promise<Customer> {
  const customer = newCustomer(overrides);
  await page.goto("/register");
  await fillRegisterForm(page, customer);
  await expect(page).toHaveURL(/\/portal$/);
  return customer;
}

/**
 * Ticks the separate consent to the sensitive-information notice on a portal form (PIPL art. 29):
 * forms that carry ID numbers, accounts, income or files need it unless one is on record.
 */
export async function agreeToSensitiveNotice(page: Page): Promise<void> {
  const t = await tFor(page);
  await page.getByRole("group", { name: t("consent.legend") }).getByRole("checkbox").check();
}

export async function fillSignInForm(page: Page, credentials: { email: string; password: string }): Promise<void> {
  const t = await tFor(page);
  await page.getByLabel(t("auth.email"), { exact: true }).fill(credentials.email);
  await page.getByLabel(t("auth.password"), { exact: true }).fill(credentials.password);
  await page.getByRole("button", { name: t("auth.sign_in_submit"), exact: true }).click();
}

/** Password step only; where it lands depends on the account (portal, 2FA, 2FA setup). */
export async function signIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await fillSignInForm(page, credentials);
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page): Promise<void> {
  const t = await tFor(page);
  await page.getByRole("button", { name: t("nav.sign_out") }).click();
  await expect(page).toHaveURL(/\/login/);
}

export async function switchLanguage(page: Page, to: Locale): Promise<void> {
  const t = await tFor(page);
  await page.getByRole("button", { name: t("lang.switch_to", { language: t(`lang.${to}`) }) }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", to);
}

// ---------------------------------------------------------------------------------------------
// TOTP: the server accepts each 30-second step once per account, so a code is only ever
// generated for a step nobody in this run has used yet for that secret. Both workers sign in as
// the same demo accounts: the last step used per secret is kept in a file the run's workers
// share, read and written under a lock.

const TOTP_PERIOD_MS = 30_000;

function currentStep(): number {
  return Math.floor(Date.now() / TOTP_PERIOD_MS);
}

function stepFile(secret: string): string {
  const file = path.join(os.tmpdir(), `trustline-e2e-totp-${process.env.E2E_PORT ?? "3210"}-${secret}`);
  fs.writeFileSync(file, "", { flag: "a" });
  return file;
}

export async function unusedTotpCode(secret: string): Promise<string> {
  const file = stepFile(secret);
  // A holder may wait out a whole step: wait up to two for the lock.
  const release = await lockfile.lock(file, { retries: { retries: 600, minTimeout: 100, maxTimeout: 100 }, stale: 120_000 });
  try {
    const used = Number(fs.readFileSync(file, "utf8") || "-1");
    if (currentStep() <= used) {
      await new Promise((resolve) => setTimeout(resolve, (used + 1) * TOTP_PERIOD_MS - Date.now() + 50));
    }
    const step = currentStep();
    fs.writeFileSync(file, String(step));
    return new TOTP({ secret, algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: step * TOTP_PERIOD_MS });
  } finally {
    await release();
  }
}

/**
 * Enters a fresh code on /auth/two-factor or /auth/two-factor-setup; should it be refused all the
 * same (a step spent outside this run's bookkeeping), the next step is tried.
 */
export async function submitTotp(page: Page, secret: string): Promise<void> {
  const t = await tFor(page);
  const formPath = new URL(page.url()).pathname;
  const submitLabel = formPath === "/auth/two-factor-setup" ? t("auth.setup_submit") : t("auth.verify_submit");
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel(t("auth.code"), { exact: true }).fill(await unusedTotpCode(secret));
    const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === formPath);
    await page.getByRole("button", { name: submitLabel }).click();
    const status = (await response).status();
    if (status < 400) return;
    if (attempt === 2) throw new Error(`TOTP code refused twice on ${formPath} (HTTP ${status})`);
  }
}

export type DemoStaff = (typeof DEMO_STAFF)[number];

export function demoStaff(role: StaffRole): DemoStaff {
  const staff = DEMO_STAFF.find((s) => s.roles[0] === role);
  if (!staff) throw new Error(`no demo staff member with role ${role}`);
  return staff;
}

/** Password, then TOTP from the demo secret; ends on the staff desk. */
export async function signInAsStaff(page: Page, who: StaffRole | DemoStaff): Promise<DemoStaff> {
  const staff = typeof who === "string" ? demoStaff(who) : who;
  await signIn(page, { email: staff.email, password: DEMO_PASSWORD });
  await expect(page).toHaveURL(/\/auth\/two-factor$/);
  await submitTotp(page, staff.totpSecret);
  await expect(page).toHaveURL(/\/desk$/);
  return staff;
}

/** Fills /admin/staff/new as a signed-in admin; returns the first password shown once. */
export async function createStaffAccount(
  adminPage: Page,
  staff: { name: string; email: string; roles: StaffRole[] },
): Promise<string> {
  await adminPage.goto("/admin/staff/new");
  const t = await tFor(adminPage);
  await adminPage.getByLabel(t("admin.staff_name"), { exact: true }).fill(staff.name);
  await adminPage.getByLabel(t("admin.staff_email"), { exact: true }).fill(staff.email);
  for (const role of staff.roles) await adminPage.getByRole("checkbox", { name: t(`role.${role}`) }).check();
  await adminPage.getByRole("button", { name: t("admin.staff_submit") }).click();
  await expect(adminPage.getByRole("status")).toContainText(staff.name);
  const password = (await adminPage.locator("code.secret").textContent())?.trim();
  if (!password) throw new Error("the first password was not shown");
  return password;
}

// ---------------------------------------------------------------------------------------------
// Problems a test would not notice by itself: a 5xx anywhere, an uncaught script error, a
// console error (CSP refusals and React hydration mismatches show up only there).

function watchForProblems(context: BrowserContext, problems: string[]): void {
  context.on("response", (response) => {
    if (response.status() >= 500) problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  context.on("weberror", (error) => problems.push(`uncaught error: ${error.error().message}`));
  context.on("console", (message) => {
    // The status of every response is already checked above, and 4xx answers are expected here.
    // A sandboxed mail preview refusing scripts is the sandbox doing its job (the test tool's own
    // frame probe triggers it at times), not a fault of the page.
    const sandboxRefusal = message.location().url === "about:srcdoc" && message.text().startsWith("Blocked script execution");
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource") && !sandboxRefusal) {
      problems.push(`console error on ${message.location().url}: ${message.text()}`);
    }
  });
}

type ContextFactory = (overrides?: BrowserContextOptions) => Promise<Page>;

interface TestFixtures {
  problems: string[];
  /** A page in a separate browser context (another device), with the test's options. */
  newPage: ContextFactory;
  /** A page signed in as the demo admin (TOTP done), in its own context. */
  adminPage: Page;
}

interface WorkerFixtures {
  adminStorageState: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

async function signedInAdminState(browser: Browser, options: BrowserContextOptions) {
  const context = await browser.newContext({ baseURL: options.baseURL, timezoneId: options.timezoneId, locale: "zh-CN" });
  try {
    const page = await context.newPage();
    await signInAsStaff(page, "admin");
    return await context.storageState();
  } finally {
    await context.close();
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  problems: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const problems: string[] = [];
      await use(problems);
      expect(problems, "5xx responses, uncaught errors or console errors during the test").toEqual([]);
    },
    { auto: true },
  ],

  context: async ({ context, problems }, use) => {
    watchForProblems(context, problems);
    await use(context);
  },

  newPage: async ({ browser, baseURL, locale, timezoneId, javaScriptEnabled, viewport, problems }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (overrides = {}) => {
      const context = await browser.newContext({ baseURL, locale, timezoneId, javaScriptEnabled, viewport, ...overrides });
      contexts.push(context);
      watchForProblems(context, problems);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },

  // One TOTP sign-in per worker: every admin test starts from a copy of that session.
  adminStorageState: [
    async ({ browser }, use, workerInfo) => {
      await use(await signedInAdminState(browser, workerInfo.project.use));
    },
    { scope: "worker" },
  ],

  adminPage: async ({ newPage, adminStorageState }, use) => {
    await use(await newPage({ storageState: adminStorageState }));
  },
});
