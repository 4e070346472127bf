/**
 * The hostile-input corpus over every form, query parameter and raw body that visitors,
 * customers and staff (agent, supervisor and investigator, quality, compliance, admin) reach. Forms are not listed by hand: each role's pages are crawled from its
 * navigation, and every <form> found is posted with the corpus in each field in turn.
 *
 * Runs as its own Playwright project after all the others (playwright.config.ts): on PostgreSQL
 * it compares the whole database before and after every refused batch, which only means
 * something while nobody else is writing. Alone: `npx playwright test --no-deps <this file>`.
 */
import fs from "node:fs";
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { gt, max } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { auditLog } from "../../db/schema";
import { databaseFingerprint } from "../support/database-fingerprint";
import { confusedFormKeys, INVALID_UTF8_BODIES, sampleFor } from "../security/hostile-corpus";
import { e2eDatabaseUrlFile } from "./support/constants";
import type { StaffRole } from "../../db/schema";
import { expect, registerCustomer, signInAsStaff, test, zh } from "./support/fixtures";

// A role's crawl and a few thousand requests take minutes on two cores.
test.describe.configure({ mode: "serial", timeout: 300_000 });

// What a leaked stack trace or server path looks like in a response body.
const LEAKS = [/^\s+at .+\(.+:\d+:\d+\)$/m, /node_modules[\\/]/, /\.(?:ts|tsx|js):\d+:\d+/, /file:\/\//, /\/work\/|\/home\/|\/tmp\/trustline/];

// Pages a role must not post to while being fuzzed: signing out would end the crawl.
const SKIPPED_ACTIONS = new Set(["/logout"]);
// Downloads are fetched, not opened in the browser.
const DOWNLOAD = /\.(?:csv|xlsx|pdf|json|html)$|\/files\/|^\/attachments\//;
const UNKNOWN_PARAMS = ["q", "__proto__[polluted]"];
// How many pages of one shape (`/desk/requests/:n`) are crawled, and how many pages in all.
const PER_SHAPE = 2;
const MAX_PAGES = 30;
const CONCURRENCY = 4;
const MULTIPART_TEXT_ROOM = 200 * 1024;

interface FoundForm {
  method: string;
  action: string;
  multipart: boolean;
  fields: { name: string; type: string; value: string }[];
}

/** How hard a role is fuzzed: the staff roles reach many more forms, so each field gets fewer strings. */
interface Depth {
  sample: { perCategory?: number; fromList?: number };
  perShape: number;
  maxPages: number;
}
const CUSTOMER_DEPTH: Depth = { sample: {}, perShape: PER_SHAPE, maxPages: MAX_PAGES };
const STAFF_DEPTH: Depth = { sample: { perCategory: 1, fromList: 1 }, perShape: 1, maxPages: 24 };

interface Crawl {
  pages: Map<string, Set<string>>;
  forms: Map<string, FoundForm>;
}

const shapeOf = (path: string) => path.replace(/\/(?:TL\d+|[0-9a-f-]{36}(?:\.[\w-]+)?|\d+)(?=\/|$)/g, "/:id").replace(/\?.*$/, "");

/** Every form and link of the page in the browser, as the user would see and post them. */
async function readPage(page: Page) {
  return page.evaluate(() => {
    const forms = Array.from(document.forms).map((form) => {
      const action = new URL(form.getAttribute("action") ?? location.href, location.href);
      const fields: { name: string; type: string; value: string }[] = [];
      for (const element of Array.from(form.elements) as HTMLInputElement[]) {
        if (!element.name || element.disabled) continue;
        if ((element.type === "checkbox" || element.type === "radio") && !element.checked) continue;
        // The first submit button's value is what a click sends (intent buttons).
        if (element.type === "submit" && fields.some((f) => f.type === "submit")) continue;
        fields.push({ name: element.name, type: element.type, value: element.type === "file" ? "" : element.value });
      }
      return {
        method: (form.getAttribute("method") ?? "get").toLowerCase(),
        action: action.origin === location.origin ? action.pathname + action.search : "",
        multipart: form.enctype === "multipart/form-data",
        fields,
      };
    });
    const links = Array.from(document.querySelectorAll("a[href]"), (a) => new URL((a as HTMLAnchorElement).href, location.href))
      .filter((url) => url.origin === location.origin)
      .map((url) => url.pathname + url.search);
    return { forms, links };
  });
}

/** From `starts`, every page the role can reach by links, a few of each shape. */
async function crawl(page: Page, starts: string[], depth: Depth): Promise<Crawl> {
  const result: Crawl = { pages: new Map(), forms: new Map() };
  const queue = [...starts];
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  while (queue.length > 0 && seen.size < depth.maxPages) {
    const target = queue.shift()!;
    const path = target.replace(/#.*$/, "");
    const shape = shapeOf(path);
    if (seen.has(path) || (perShape.get(shape) ?? 0) >= depth.perShape || SKIPPED_ACTIONS.has(path)) continue;
    seen.add(path);
    perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
    const bare = path.replace(/\?.*$/, "");
    const params = result.pages.get(bare) ?? new Set<string>();
    for (const name of new URL(path, "http://x").searchParams.keys()) params.add(name);
    result.pages.set(bare, params);
    if (DOWNLOAD.test(bare)) continue;
    const response = await page.goto(path);
    expect(response?.status() ?? 0, `GET ${path}`).toBeLessThan(500);
    const { forms, links } = await readPage(page);
    for (const form of forms) {
      if (!form.action || form.fields.length === 0) continue;
      if (form.method === "get") {
        const actionPath = form.action.replace(/\?.*$/, "");
        const known = result.pages.get(actionPath) ?? new Set<string>();
        for (const field of form.fields) known.add(field.name);
        result.pages.set(actionPath, known);
        continue;
      }
      // One form of each kind: a row's form (a staff member's branch, a follow-up) differs from the
      // next row's only by the id it carries.
      const key = `${shapeOf(form.action)} ${form.fields.map((f) => `${f.name}=${f.type === "hidden" ? shapeOf(`/${f.value}`) : ""}`).join("&")}`;
      if (!result.forms.has(key) && !SKIPPED_ACTIONS.has(form.action.replace(/\?.*$/, ""))) result.forms.set(key, form);
    }
    queue.push(...links);
  }
  return result;
}

const escapeHtml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
// How Remix writes a value into the page's data script: JSON, with < > & as \u escapes.
const escapeScriptJson = (value: string) =>
  JSON.stringify(value).slice(1, -1).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/**
 * No 5xx and nothing of the server in the answer. A refused form shows back what was typed, so
 * the value sent (as typed, and as the page escapes it in markup and in its data script) is taken
 * out first: an XXE string naming `file:///etc/passwd` echoed in its field is the user's text,
 * not a server path.
 */
function expectHarmless(response: APIResponse, body: string, what: string, sent?: string) {
  expect(response.status(), what).toBeLessThan(500);
  let text = body;
  if (sent) for (const form of [escapeHtml(sent), escapeScriptJson(sent), sent]) text = text.split(form).join("");
  for (const leak of LEAKS) expect(text, `${what}: no stack trace or server path`).not.toMatch(leak);
}

// Wrong credentials and codes are refused and still recorded, by design: they count towards the
// lockout and the audit trail keeps every failure (docs/security.md). Every other refusal stores
// nothing — but the refusal itself: a signed-in person's 403 or 404 is one `access.refused` entry
// of the audit trail (server/http-app.ts), and nothing else.
const RECORDED_REFUSALS = new Set([401, 423, 429]);
const AUDITED_REFUSALS = new Set([403, 404]);
const refusedQuietly = (statuses: number[]) => statuses.every((status) => status >= 400 && !RECORDED_REFUSALS.has(status));

/** Runs `tasks` a few at a time: enough to be quick, few enough for a two-core machine. */
async function bounded<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** The run's PostgreSQL database, when there is one to compare (web-server.ts leaves its address). */
let database: DatabaseHandle | null = null;

interface Snapshot {
  tables: Record<string, string>;
  auditSeq: number;
}

/** Every table's picture, and where the audit trail stood. */
async function fingerprint(): Promise<Snapshot | null> {
  if (!database) return null;
  // The mail catcher stores what the outbox sends a moment after the action: not the request's doing.
  const tables = await databaseFingerprint(database.db, { ignore: ["caught_mail"] });
  const [last] = await database.db.select({ seq: max(auditLog.seq) }).from(auditLog);
  return { tables, auditSeq: Number(last?.seq ?? 0) };
}

/**
 * A batch refused entirely left everything as it was. Where some refusals were audited (a signed-in
 * person's 403 or 404), the audit trail grew by exactly those `access.refused` entries and every
 * other table is unchanged; otherwise the audit chain's head is unchanged too.
 */
async function expectUnchanged(before: Snapshot | null, statuses: number[], what: string) {
  if (!before || !refusedQuietly(statuses)) return;
  const audited = statuses.filter((status) => AUDITED_REFUSALS.has(status)).length;
  // A refusal is audited once its answer has gone out: wait until the trail stands still.
  let after = (await fingerprint())!;
  for (let settled = false; audited > 0 && !settled; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const again = (await fingerprint())!;
    settled = again.auditSeq === after.auditSeq;
    after = again;
  }
  if (audited === 0) {
    expect(after.tables, what).toEqual(before.tables);
    return;
  }
  const withoutAudit = (tables: Record<string, string>) => Object.fromEntries(Object.entries(tables).filter(([key]) => !key.startsWith("audit_log")));
  expect(withoutAudit(after.tables), what).toEqual(withoutAudit(before.tables));
  const added = await database!.db.select({ action: auditLog.action }).from(auditLog).where(gt(auditLog.seq, before.auditSeq));
  // A session's refusals past its allowance a minute are counted, not written: at most one each.
  expect(added.length, `${what}: audited refusals`).toBeLessThanOrEqual(audited);
  expect(new Set(added.map((row) => row.action)), `${what}: only refusals were audited`).toEqual(new Set(added.length ? ["access.refused"] : []));
}

test.beforeAll(async () => {
  const file = e2eDatabaseUrlFile(process.env.E2E_PORT ?? "3210");
  if (fs.existsSync(file)) database = await openDatabase({ databaseUrl: fs.readFileSync(file, "utf8") });
});
test.afterAll(async () => {
  await database?.close();
});

/**
 * Posts the corpus into every field of every form, urlencoded (and multipart where the form
 * is), with the other fields as rendered; then bent keys and raw bodies. A batch the product
 * refused entirely must leave the database as it was.
 */
async function fuzzForms(request: APIRequestContext, role: string, found: Crawl, origin: string, depth: Depth) {
  const headers = { Origin: origin };
  for (const form of found.forms.values()) {
    const action = form.action;
    const names = [...new Set(form.fields.filter((f) => f.type !== "file").map((f) => f.name))];
    const pairs = (replace: string, value: string) => form.fields.filter((f) => f.type !== "file").map((f) => [f.name, f.name === replace ? value : f.value]);
    for (const name of names) {
      const before = await fingerprint();
      const tasks: (() => Promise<number>)[] = [];
      for (const { label, value } of sampleFor(`${role} ${shapeOf(action)} ${name}`, depth.sample)) {
        const what = `${role}: POST ${action} with ${name} = ${label}`;
        tasks.push(async () => {
          const response = await request.post(action, {
            headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
            data: new URLSearchParams(pairs(name, value)).toString(),
            maxRedirects: 0,
          });
          expectHarmless(response, await response.text(), what, value);
          return response.status();
        });
        // Past the text limit a multipart post is answered 413 before its body is read, and its
        // connection closed: the urlencoded post above covers that answer.
        if (form.multipart && value.length < MULTIPART_TEXT_ROOM) {
          tasks.push(async () => {
            const multipart = new FormData();
            for (const [key, v] of pairs(name, value)) multipart.append(key!, v!);
            const response = await request.post(action, { headers, multipart, maxRedirects: 0 });
            expectHarmless(response, await response.text(), `${what} (multipart)`, value);
            return response.status();
          });
        }
      }
      for (const { label, body } of confusedFormKeys(name)) {
        tasks.push(async () => {
          const rendered = new URLSearchParams(form.fields.filter((f) => f.type !== "file" && f.name !== name).map((f) => [f.name, f.value]));
          const response = await request.post(action, {
            headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
            data: `${rendered.toString()}&${body}`,
            maxRedirects: 0,
          });
          expectHarmless(response, await response.text(), `${role}: POST ${action} with ${name} as ${label}`);
          return response.status();
        });
      }
      await expectUnchanged(before, await bounded(tasks), `${role}: refused posts to ${action} (${name}) changed nothing`);
    }
    // Bodies that are not a form at all.
    const raw: { label: string; contentType: string; data: string | Buffer }[] = [
      ...INVALID_UTF8_BODIES.map(({ label, body }) => ({ label, contentType: "application/x-www-form-urlencoded", data: body })),
      { label: "JSON", contentType: "application/json", data: JSON.stringify({ __proto__: { polluted: true }, [names[0] ?? "x"]: [1, { a: null }] }) },
      { label: "JSON with __proto__", contentType: "application/json", data: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}' },
    ];
    const before = await fingerprint();
    const statuses = await bounded(
      raw.map(({ label, contentType, data }) => async () => {
        const response = await request.post(action, { headers: { ...headers, "Content-Type": contentType }, data, maxRedirects: 0 });
        expectHarmless(response, await response.text(), `${role}: POST ${action} with ${label}`);
        return response.status();
      }),
    );
    await expectUnchanged(before, statuses, `${role}: raw bodies to ${action} changed nothing`);
  }
}

/** Every page with its known query parameters and a few unknown ones, each hostile in turn. */
async function fuzzQueries(request: APIRequestContext, role: string, found: Crawl) {
  const tasks: (() => Promise<void>)[] = [];
  for (const [path, known] of found.pages) {
    for (const name of [...known, ...UNKNOWN_PARAMS]) {
      for (const { label, value } of sampleFor(`${role} ${shapeOf(path)} ?${name}`, { fromList: 1 })) {
        tasks.push(async () => {
          // A megabyte does not fit in a request line; 8 KB of it still tests the page.
          const url = `${path}?${new URLSearchParams([[name, value.slice(0, 8192)]]).toString()}`;
          const response = await request.get(url, { maxRedirects: 0 });
          expectHarmless(response, await response.text(), `${role}: GET ${path}?${name}=${label}`, value.slice(0, 8192));
        });
      }
    }
  }
  await bounded(tasks);
}

async function fuzzAs(page: Page, role: string, start: string | string[], depth: Depth = CUSTOMER_DEPTH) {
  const starts = [start].flat();
  const found = await crawl(page, starts, depth);
  expect(found.pages.size, `${role} reached pages`).toBeGreaterThan(1);
  console.log(`hostile input, ${role}: ${found.pages.size} pages, ${found.forms.size} forms`);
  const origin = new URL(page.url()).origin;
  await fuzzQueries(page.request, role, found);
  await fuzzForms(page.request, role, found, origin, depth);
  // Still the same server, still serving, the role still signed in.
  expect((await page.request.get("/healthz")).status()).toBe(200);
  expect((await page.goto(starts[0]!))?.status()).toBe(200);
  return found;
}

/** A customer's enquiry and complaint, for the desks to open. */
async function openCase(page: Page) {
  await registerCustomer(page);
  await page.goto("/portal/requests/new/inquiry");
  await page.getByLabel(zh("request.field.subject")).fill("信用卡年费");
  await page.getByLabel(zh("request.field.message")).fill("白金卡的年费是多少？");
  await page.getByRole("button", { name: zh("request.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
  await page.goto("/portal/complaints/new");
  await page.getByLabel(zh("complaint.field.category")).selectOption("fees");
  await page.getByLabel(zh("complaint.field.businessLine")).selectOption("cards");
  await page.getByLabel(zh("complaint.field.whatHappened")).fill("信用卡被收取年费。");
  await page.getByLabel(zh("complaint.field.whenHappened")).fill("11月20日下午");
  await page.getByLabel(zh("complaint.field.branch")).fill("朝阳支行");
  await page.getByLabel(zh("complaint.field.request")).fill("退还年费。");
  await page.getByRole("button", { name: zh("complaint.submit") }).click();
  await expect(page.getByRole("status")).toContainText(/TL\d{14}/);
}

test("[VISITOR] every public form and query parameter takes the hostile corpus: no 5xx, no stack trace, nothing stored when refused", async ({ page }) => {
  const found = await fuzzAs(page, "visitor", "/");
  for (const path of ["/login", "/register", "/track"]) {
    expect([...found.forms.values()].some((f) => f.action.startsWith(path)), `a form posting to ${path} was found`).toBe(true);
  }
});

test("[CUSTOMER] every portal form and query parameter takes the hostile corpus", async ({ page }) => {
  // Something of the customer's own to open: a request and a complaint.
  await openCase(page);

  const found = await fuzzAs(page, "customer", "/portal");
  for (const shape of ["/portal/requests/:id", "/portal/complaints/:id", "/portal/complaints/new", "/account"]) {
    expect([...found.pages.keys()].some((p) => shapeOf(p) === shape), `the crawl reached ${shape}`).toBe(true);
  }
});

// Each staff role from its own desk, with a fresh case in the queues. The demo supervisor also
// holds the investigator role, so the complaint desk is crawled with both.
const STAFF_CRAWLS: { role: StaffRole; label: string; starts: string[]; reaches: string[] }[] = [
  { role: "agent", label: "AGENT", starts: ["/desk", "/desk/requests", "/desk/complaints"], reaches: ["/desk/requests/:id", "/desk/complaints/new"] },
  { role: "supervisor", label: "SUPERVISOR", starts: ["/desk", "/desk/complaints", "/desk/requests"], reaches: ["/desk/complaints/:id", "/desk/requests/:id"] },
  { role: "quality", label: "QUALITY", starts: ["/quality", "/quality/surveys", "/quality/follow-ups"], reaches: ["/quality/surveys", "/quality/follow-ups"] },
  { role: "compliance", label: "COMPLIANCE", starts: ["/desk", "/desk/privacy", "/desk/requests"], reaches: ["/desk/privacy", "/desk/requests/:id"] },
  { role: "admin", label: "ADMIN", starts: ["/admin", "/admin/staff", "/admin/settings"], reaches: ["/admin/staff", "/admin/settings", "/admin/knowledge"] },
];

for (const { role, label, starts, reaches } of STAFF_CRAWLS) {
  test(`[${label}] every form and query parameter of the ${role}'s desk takes the hostile corpus`, async ({ newPage }) => {
    await openCase(await newPage());
    // The pages as the server renders them: the desk's live socket would otherwise keep writing
    // the agent's presence while the database is being compared.
    const page = await newPage({ javaScriptEnabled: false });
    await signInAsStaff(page, role);
    const found = await fuzzAs(page, role, starts, STAFF_DEPTH);
    const shapes = [...found.pages.keys()].map(shapeOf);
    for (const shape of reaches) expect(shapes, `the crawl reached ${shape}`).toContain(shape);
  });
}
