/**
 * The hostile-input corpus over every form, query parameter and raw body that visitors and
 * customers reach. Forms are not listed by hand: each role's pages are crawled from its
 * navigation, and every <form> found is posted with the corpus in each field in turn.
 *
 * Runs as its own Playwright project after all the others (playwright.config.ts): on PostgreSQL
 * it compares the whole database before and after every refused batch, which only means
 * something while nobody else is writing. Alone: `npx playwright test --no-deps <this file>`.
 */
import fs from "node:fs";
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { databaseFingerprint } from "../support/database-fingerprint";
import { confusedFormKeys, INVALID_UTF8_BODIES, sampleFor } from "../security/hostile-corpus";
import { e2eDatabaseUrlFile } from "./support/constants";
import { expect, registerCustomer, test, zh } from "./support/fixtures";

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

/** From `start`, every page the role can reach by links, a few of each shape. */
async function crawl(page: Page, start: string): Promise<Crawl> {
  const result: Crawl = { pages: new Map(), forms: new Map() };
  const queue = [start];
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const target = queue.shift()!;
    const path = target.replace(/#.*$/, "");
    const shape = shapeOf(path);
    if (seen.has(path) || (perShape.get(shape) ?? 0) >= PER_SHAPE || SKIPPED_ACTIONS.has(path)) continue;
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
      const key = `${shapeOf(form.action)} ${form.fields.map((f) => `${f.name}=${f.type === "hidden" ? f.value : ""}`).join("&")}`;
      if (!result.forms.has(key) && !SKIPPED_ACTIONS.has(form.action.replace(/\?.*$/, ""))) result.forms.set(key, form);
    }
    queue.push(...links);
  }
  return result;
}

function expectHarmless(response: APIResponse, body: string, what: string) {
  expect(response.status(), what).toBeLessThan(500);
  for (const leak of LEAKS) expect(body, `${what}: no stack trace or server path`).not.toMatch(leak);
}

// Wrong credentials and codes are refused and still recorded, by design: they count towards the
// lockout and the audit trail keeps every failure (docs/security.md). Every other refusal stores nothing.
const RECORDED_REFUSALS = new Set([401, 423, 429]);
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
// The mail catcher stores what the outbox sends a moment after the action: not the request's doing.
const fingerprint = async () => (database ? databaseFingerprint(database.db, { ignore: ["caught_mail"] }) : null);

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
async function fuzzForms(request: APIRequestContext, role: string, found: Crawl, origin: string) {
  const headers = { Origin: origin };
  for (const form of found.forms.values()) {
    const action = form.action;
    const names = [...new Set(form.fields.filter((f) => f.type !== "file").map((f) => f.name))];
    const pairs = (replace: string, value: string) => form.fields.filter((f) => f.type !== "file").map((f) => [f.name, f.name === replace ? value : f.value]);
    for (const name of names) {
      const before = await fingerprint();
      const tasks: (() => Promise<number>)[] = [];
      for (const { label, value } of sampleFor(`${role} ${shapeOf(action)} ${name}`)) {
        const what = `${role}: POST ${action} with ${name} = ${label}`;
        tasks.push(async () => {
          const response = await request.post(action, {
            headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
            data: new URLSearchParams(pairs(name, value)).toString(),
            maxRedirects: 0,
          });
          expectHarmless(response, await response.text(), what);
          return response.status();
        });
        // Past the text limit a multipart post is answered 413 before its body is read, and its
        // connection closed: the urlencoded post above covers that answer.
        if (form.multipart && value.length < MULTIPART_TEXT_ROOM) {
          tasks.push(async () => {
            const multipart = new FormData();
            for (const [key, v] of pairs(name, value)) multipart.append(key!, v!);
            const response = await request.post(action, { headers, multipart, maxRedirects: 0 });
            expectHarmless(response, await response.text(), `${what} (multipart)`);
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
      const statuses = await bounded(tasks);
      if (before && refusedQuietly(statuses)) {
        expect(await fingerprint(), `${role}: refused posts to ${action} (${name}) changed nothing`).toEqual(before);
      }
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
    if (before && refusedQuietly(statuses)) {
      expect(await fingerprint(), `${role}: raw bodies to ${action} changed nothing`).toEqual(before);
    }
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
          expectHarmless(response, await response.text(), `${role}: GET ${path}?${name}=${label}`);
        });
      }
    }
  }
  await bounded(tasks);
}

async function fuzzAs(page: Page, role: string, start: string) {
  const found = await crawl(page, start);
  expect(found.pages.size, `${role} reached pages`).toBeGreaterThan(1);
  const origin = new URL(page.url()).origin;
  await fuzzQueries(page.request, role, found);
  await fuzzForms(page.request, role, found, origin);
  // Still the same server, still serving, the role still signed in.
  expect((await page.request.get("/healthz")).status()).toBe(200);
  expect((await page.goto(start))?.status()).toBe(200);
  return found;
}

test("[VISITOR] every public form and query parameter takes the hostile corpus: no 5xx, no stack trace, nothing stored when refused", async ({ page }) => {
  const found = await fuzzAs(page, "visitor", "/");
  for (const path of ["/login", "/register", "/track"]) {
    expect([...found.forms.values()].some((f) => f.action.startsWith(path)), `a form posting to ${path} was found`).toBe(true);
  }
});

test("[CUSTOMER] every portal form and query parameter takes the hostile corpus", async ({ page }) => {
  await registerCustomer(page);
  // Something of the customer's own to open: a request and a complaint.
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

  const found = await fuzzAs(page, "customer", "/portal");
  for (const shape of ["/portal/requests/:id", "/portal/complaints/:id", "/portal/complaints/new", "/account"]) {
    expect([...found.pages.keys()].some((p) => shapeOf(p) === shape), `the crawl reached ${shape}`).toBe(true);
  }
});
