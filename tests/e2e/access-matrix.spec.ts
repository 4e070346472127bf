import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { APIRequestContext, APIResponse, Browser, BrowserContextOptions, Page } from "@playwright/test";
import { request as playwrightRequest } from "@playwright/test";
import { io as connect, type Socket } from "socket.io-client";
import { DEMO_STAFF } from "../../db/seed";
import {
  APPROVAL_CHAINS,
  FOUR_EYES_ON_CHAIN,
  HTTP_MATRIX,
  INVESTIGATION,
  INVESTIGATION_FORMS,
  METRICS_CELL,
  revealedKinds,
  ROLES,
  SOCKET_MATRIX,
  SURVEY_LINK_TAMPERING,
  TYPED_REQUEST_FORMS,
  TYPED_REQUESTS,
  type HttpCell,
  type ObjectRef,
  type Role,
  type SocketCell,
} from "../security/access-matrix";
import { E2E_METRICS_TOKEN } from "./support/constants";
import { createStaffAccount, demoStaff, expect, registerCustomer, signIn, signInAsStaff, submitTotp, test, uniqueEmail, zh } from "./support/fixtures";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Customer B confirms a closure request with it.
const CUSTOMER_PASSWORD = "harbour lantern matrix walk";

// ---------------------------------------------------------------------------------------------
// What exists: the route modules and the socket events, read from the source.

function realRoutes(): { route: string; methods: Set<string>; intents: Set<string> }[] {
  const dir = path.join(root, "app/routes");
  return fs.readdirSync(dir).map((file) => {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    const methods = new Set<string>();
    // A module with a page renders on GET even without a loader.
    if (/export (async )?function loader\b/.test(source) || /export default function/.test(source)) methods.add("GET");
    if (/export (async )?function action\b/.test(source)) methods.add("POST");
    const intents = new Set([
      ...[...source.matchAll(/intent: z\.literal\("([a-z_]+)"\)/g)].map((m) => m[1]!),
      ...[...source.matchAll(/name="intent" value="([a-z_]+)"/g)].map((m) => m[1]!),
      ...[...source.matchAll(/_INTENT = "([a-z_]+)"/g)].map((m) => m[1]!),
      ...[...source.matchAll(/case "([a-z_]+)":/g)].filter(() => /input\.intent/.test(source)).map((m) => m[1]!),
    ]);
    return { route: file.replace(/\.tsx?$/, ""), methods, intents };
  });
}

function realSocketEvents(): string[] {
  return ["server/chat-namespace.ts", "server/desk-namespace.ts"].flatMap((file) =>
    [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/\bon\("((?:chat|desk):[a-z]+)"/g)].map((m) => `${file.includes("chat") ? "/chat" : "/desk"} ${m[1]}`),
  );
}

test("[SECURITY] the access matrix names every route, form intent and socket event, and nothing else", () => {
  const missing: string[] = [];
  const stale: string[] = [];
  const routes = realRoutes();
  for (const { route, methods, intents } of routes) {
    for (const method of methods) {
      const cells = HTTP_MATRIX.filter((c) => c.route === route && c.method === method);
      if (cells.length === 0) missing.push(`${method} ${route}`);
      if (method === "POST") {
        for (const intent of intents) if (!cells.some((c) => c.intent === intent)) missing.push(`POST ${route} intent=${intent}`);
      }
    }
  }
  for (const cell of HTTP_MATRIX) {
    const real = routes.find((r) => r.route === cell.route);
    if (!real || !real.methods.has(cell.method)) stale.push(`${cell.method} ${cell.route}`);
    else if (cell.intent && !real.intents.has(cell.intent)) stale.push(`${cell.method} ${cell.route} intent=${cell.intent}`);
  }
  const events = realSocketEvents();
  for (const event of events) if (!SOCKET_MATRIX.some((c) => `${c.namespace} ${c.event}` === event)) missing.push(event);
  for (const cell of SOCKET_MATRIX) if (!events.includes(`${cell.namespace} ${cell.event}`)) stale.push(`${cell.namespace} ${cell.event}`);
  expect(missing, "routes and events missing from tests/security/access-matrix.ts").toEqual([]);
  expect(stale, "matrix entries for routes and events that no longer exist").toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Everyone signed in once; each cell is then a plain HTTP request or socket event with that session.

type Session = Awaited<ReturnType<ReturnType<Page["context"]>["storageState"]>>;

async function sessionOf(browser: Browser, options: BrowserContextOptions, signInAs: (page: Page) => Promise<unknown>): Promise<Session> {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await signInAs(page);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** A staff member holding exactly one role, made by the admin and enrolled on the spot. */
async function singleRoleStaff(adminPage: Page, page: Page, role: "supervisor" | "investigator") {
  const email = uniqueEmail(role);
  const password = await createStaffAccount(adminPage, { name: `矩阵 ${role}`, email, roles: [role] });
  await signIn(page, { email, password });
  await expect(page).toHaveURL(/\/auth\/two-factor-setup$/);
  const secret = (await page.getByText(zh("auth.setup_secret")).locator("code").textContent())?.trim() ?? "";
  await submitTotp(page, secret);
  return { session: await page.context().storageState(), email };
}

const cookieHeader = (session: Session) => session.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

type Outcome = "through" | "signin" | "forbidden" | "not_found" | "ignored" | "error";

function outcomeOf(response: APIResponse): Outcome {
  const status = response.status();
  if (status >= 500) return "error";
  if (status >= 300 && status < 400) return /^\/login(\?|$)/.test(response.headers()["location"] ?? "") ? "signin" : "through";
  if (status === 401 || status === 403) return "forbidden";
  if (status === 404) return "not_found";
  return "through";
}

/** What the matrix says `role` must get. */
function expectedHttp(cell: HttpCell, role: Role, variant: "own" | "missing"): Outcome {
  if (cell.refusedAs) return cell.refusedAs;
  if (cell.allow.includes(role)) return variant === "missing" && cell.path.includes("{") ? "not_found" : (cell.succeedsWith ?? "through");
  if (role === "anonymous") return "signin";
  if (cell.owner && (role === "customerA" || role === "customerB")) return "not_found";
  return "forbidden";
}

// The page around a refusal differs only in what the request itself carried.
function comparable(body: string, identifiers: string[]): string {
  let text = body.replace(/nonce(=|-)"?[A-Za-z0-9+/=]+"?/g, "nonce");
  for (const id of identifiers) text = text.split(id).join("{id}");
  return text;
}

interface Fixtures {
  own: Record<ObjectRef, string>;
  missing: Record<ObjectRef, string>;
}

/** An identifier of the same form as `value` that matches nothing. */
function missingLike(value: string): string {
  if (/^T[A-Z]\d{14}$/.test(value)) return value.replace(/\d/g, "0");
  if (/^[0-9a-f-]{36}$/.test(value)) return crypto.randomUUID();
  // A survey link: a well-formed token the server never signed.
  if (/^[0-9a-f-]{36}\.[\w-]{43}$/.test(value)) return `${crypto.randomUUID()}.${"A".repeat(43)}`;
  return `${value}-none`;
}

function fill<T>(value: T, objects: Record<ObjectRef, string>): T {
  return JSON.parse(JSON.stringify(value).replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => objects[name as ObjectRef] ?? whole)) as T;
}

async function send(context: APIRequestContext, cell: HttpCell, objects: Record<ObjectRef, string>, payload?: Record<string, string>): Promise<APIResponse> {
  const url = fill(cell.path, objects);
  const body = fill(payload ?? {}, objects);
  const once = () =>
    cell.method === "GET"
      ? context.get(url, { maxRedirects: 0 })
      : cell.multipart
        ? context.post(url, { multipart: body, maxRedirects: 0 })
        : context.post(url, { form: body, maxRedirects: 0 });
  // A kept-alive connection the server closes just as it is reused fails before any answer.
  return once().catch((error: unknown) => {
    if (error instanceof Error && error.message.includes("ECONNRESET")) return once();
    throw error;
  });
}

type Answer = { ok: boolean; error?: string; conversationId?: string };

function ack(socket: Socket, event: string, payload: unknown): Promise<Answer> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Answer>;
}

function socketOutcome(answer: Answer): Outcome {
  if (answer.ok) return "through";
  if (answer.error === "not_allowed") return "forbidden";
  if (answer.error === "not_found") return "not_found";
  if (answer.error === "server_error") return "error";
  return "through";
}

function expectedSocket(cell: SocketCell, role: Role, variant: "own" | "missing"): Outcome[] {
  if (cell.allow.includes(role)) return variant === "missing" && cell.owner ? ["not_found", ...(cell.refusedAs ? [cell.refusedAs] : [])] : ["through"];
  if (cell.refusedAs) return [cell.refusedAs, "forbidden"];
  // A visitor or customer asking for someone else's chat is told it does not exist.
  return cell.owner && ["anonymous", "customerA", "customerB"].includes(role) ? ["not_found"] : ["forbidden"];
}

async function refusalCount(api: APIRequestContext): Promise<Record<string, number>> {
  const text = await (await api.get("/metrics", { headers: { Authorization: `Bearer ${E2E_METRICS_TOKEN}` } })).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^trustline_access_refusals_total\{([^}]*)\} (\d+)/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

test("[EVERY ROLE] gets exactly what the access matrix allows, over HTTP and socket.io", async ({ browser, baseURL, adminPage, newPage }, testInfo) => {
  test.setTimeout(600_000);
  const options: BrowserContextOptions = { baseURL, locale: "zh-CN", timezoneId: "UTC" };
  const sessions = {} as Record<Role, Session>;
  const extra = {} as Record<"otherInvestigator" | "approver", Session>;
  let otherInvestigatorEmail = "";

  await test.step("everyone signs in once", async () => {
    sessions.admin = await adminPage.context().storageState();
    sessions.supervisor = (await singleRoleStaff(adminPage, await newPage(), "supervisor")).session;
    // Outside the roles walked: another investigator (complaintA is assigned to them), and the demo
    // approver holding two approval roles (four eyes on one chain).
    const other = await singleRoleStaff(adminPage, await newPage(), "investigator");
    extra.otherInvestigator = other.session;
    otherInvestigatorEmail = other.email;
    const approver = DEMO_STAFF.find((s) => s.roles.length > 1 && s.roles.includes("manager") && s.roles.includes("risk"));
    if (!approver) throw new Error("no demo approver holding manager and risk");
    extra.approver = await sessionOf(browser, options, (page) => signInAsStaff(page, approver));
    const staff = ["agent", "manager", "risk", "compliance", "investigator", "quality"] as const;
    await Promise.all([
      ...staff.map(async (role) => (sessions[role] = await sessionOf(browser, options, (page) => signInAsStaff(page, role)))),
      ...(["customerA", "customerB"] as const).map(async (role) => (sessions[role] = await sessionOf(browser, options, (page) => registerCustomer(page, { password: CUSTOMER_PASSWORD })))),
      // A visitor has the signed visitor cookie every page hands out, and nothing else.
      (async () => (sessions.anonymous = await sessionOf(browser, options, (page) => page.goto("/"))))(),
    ]);
  });
  const api = {} as Record<Role, APIRequestContext>;
  for (const role of ROLES) api[role] = await playwrightRequest.newContext({ baseURL, storageState: sessions[role] });
  const otherInvestigator = await playwrightRequest.newContext({ baseURL, storageState: extra.otherInvestigator });
  const approver = await playwrightRequest.newContext({ baseURL, storageState: extra.approver });
  const sockets: Socket[] = [];
  const socketOf = async (role: Role, namespace: string) => {
    const socket = connect(`${baseURL}${namespace}`, { forceNew: true, transports: ["websocket"], reconnection: false, extraHeaders: { cookie: cookieHeader(sessions[role]), origin: baseURL! } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  };

  const fixtures = await test.step("customer A's request, attachment, complaint with an internal note, chat and survey", async () => {
    const own = {} as Record<ObjectRef, string>;
    const pdf = { name: "证明.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") };
    const numberFrom = (response: APIResponse) => /\/(T[A-Z]\d{14})\b/.exec(response.headers()["location"] ?? "")?.[1] ?? "";
    const submitInquiry = (role: Role) =>
      api[role].post("/portal/requests/new/inquiry", {
        // With a file: the separate consent to the privacy notice is given with it.
        multipart: { type: "inquiry", subject: "账户问题", message: "请问如何查询账户余额？", attachments: pdf, consent: "on" },
        maxRedirects: 0,
      });
    const [first, second] = [await submitInquiry("customerA"), await submitInquiry("customerA"), await submitInquiry("customerB")];
    own.requestA = numberFrom(first!);
    own.withdrawableRequestA = numberFrom(second!);
    expect(own.requestA, "customer A's request number").toMatch(/^T[A-Z]\d{14}$/);
    const requestPage = await (await api.customerA.get(`/portal/requests/${own.requestA}`)).text();
    own.attachmentA = /\/attachments\/([0-9a-f-]{36})/.exec(requestPage)?.[1] ?? "";

    // One request of every other type, submitted with the consent their personal data needs.
    for (const { ref, type } of TYPED_REQUESTS) {
      const form = TYPED_REQUEST_FORMS[type];
      const submitted = await api.customerA.post(`/portal/requests/new/${form.type}`, { multipart: { ...form, consent: "on" }, maxRedirects: 0 });
      own[ref] = numberFrom(submitted);
      expect(own[ref], `customer A's ${type} request (HTTP ${submitted.status()})`).toMatch(/^T[A-Z]\d{14}$/);
    }

    // An enquiry taken, accepted and completed: its survey goes out by email with a signed link.
    const surveyed = numberFrom(await submitInquiry("customerA"));
    for (const intent of ["claim", "accept", "complete"]) {
      const step = await api.agent.post(`/desk/requests/${surveyed}`, { form: { intent }, maxRedirects: 0 });
      expect(step.status(), `the agent's ${intent} of ${surveyed}`).toBe(302);
    }
    const surveyMail = async () => {
      const rows = (await (await api.admin.get("/admin/mail")).text()).split("<tr");
      return /\/admin\/mail\/([^"?/]+)"/.exec(rows.find((row) => row.includes(surveyed) && row.includes("满意度调查")) ?? "")?.[1] ?? "";
    };
    await expect.poll(surveyMail, { message: "the survey email", timeout: 20_000 }).not.toBe("");
    own.surveyLinkA = /\/survey\/([0-9a-f-]{36}\.[\w-]{43})/.exec(await (await api.admin.get(`/admin/mail/${await surveyMail()}`)).text())?.[1] ?? "";
    own.linkSurveyA = own.surveyLinkA.slice(0, 36);

    const filed = await api.customerA.post("/portal/complaints/new", {
      multipart: { category: "fees", businessLine: "cards", whatHappened: "年费被重复扣除。", whenHappened: "11月20日", request: "退还年费。", attachments: pdf, consent: "on" },
      maxRedirects: 0,
    });
    own.complaintA = numberFrom(filed);
    expect(own.complaintA, "customer A's complaint number").toMatch(/^T[A-Z]\d{14}$/);
    const complaintPage = await (await api.customerA.get(`/portal/complaints/${own.complaintA}`)).text();
    own.complaintFileA = new RegExp(`/portal/complaints/${own.complaintA}/files/([0-9a-f-]{36})`).exec(complaintPage)?.[1] ?? "";
    const note = await api.supervisor.post(`/desk/complaints/${own.complaintA}`, { form: { intent: "note", noteKind: "finding", text: "内部记录：核对扣费流水。" }, maxRedirects: 0 });
    expect(note.status(), "the supervisor's internal note").toBe(302);
    const assigned = await api.customerA.post("/portal/complaints/new", {
      multipart: { category: "fees", businessLine: "cards", whatHappened: "年费被重复扣除两次。", whenHappened: "11月21日", request: "退还年费。" },
      maxRedirects: 0,
    });
    own.complaintAssignedA = numberFrom(assigned);
    expect(own.complaintAssignedA, "customer A's second complaint").toMatch(/^T[A-Z]\d{14}$/);

    // A closed chat brings a survey; the chat walked is the next one, still open.
    const chat = await socketOf("customerA", "/chat");
    const closing = await ack(chat, "chat:open", { afterSeq: 0 });
    expect(await ack(chat, "chat:end", { conversationId: closing.conversationId })).toMatchObject({ ok: true });
    own.conversationA = (await ack(chat, "chat:open", { afterSeq: 0 })).conversationId ?? "";
    const surveys = await (await api.customerA.get("/portal/surveys")).text();
    // The chat's survey: the request's one stays open for its emailed link.
    own.surveyA = [...surveys.matchAll(/\/portal\/surveys\/([0-9a-f-]{36})/g)].map((m) => m[1]!).find((id) => id !== own.linkSurveyA) ?? "";
    // Answered, so that the quality team has it to review.
    const answered = await api.customerA.post(`/portal/surveys/${own.surveyA}`, { form: { score: "4", resolved: "yes" }, maxRedirects: 0 });
    expect(answered.status(), "customer A answers the survey").toBeLessThan(400);

    // Customer B asks to close the account and compliance refuses: a request nothing can change
    // any more, so the walk's allowed posts meet a conflict instead of erasing B mid-walk.
    const closure = await api.customerB.post("/account/privacy", { form: { password: CUSTOMER_PASSWORD }, maxRedirects: 0 });
    expect(closure.status(), "customer B's closure request").toBeLessThan(400);
    own.privacyRequestB = /\/desk\/privacy\/([A-Z]{2}\d{14})"/.exec(await (await api.compliance.get("/desk/privacy")).text())?.[1] ?? "";
    const refusal = await api.compliance.post(`/desk/privacy/${own.privacyRequestB}`, { form: { intent: "refuse", reason: "账户尚有未结清贷款。" }, maxRedirects: 0 });
    expect(refusal.status(), "compliance refuses it").toBe(302);

    const adminHtml = async (url: string) => (await api.admin.get(url)).text();
    own.cannedReply = /\/admin\/canned-replies\/([0-9a-f-]{36})/.exec(await adminHtml("/admin/canned-replies"))?.[1] ?? "";
    own.knowledgeIntent = /\/admin\/knowledge\/([A-Za-z0-9_.-]+)"/.exec(await adminHtml("/admin/knowledge"))?.[1] ?? "";
    // The acceptance emails go out through the outbox, a moment after the requests.
    const caughtMail = async () => /\/admin\/mail\/([^"?/]+)"/.exec(await adminHtml("/admin/mail"))?.[1] ?? "";
    await expect.poll(caughtMail, { message: "a caught email" }).not.toBe("");
    own.mailId = await caughtMail();
    const staffRows = (await adminHtml("/admin/staff")).split("<tr");
    const staffId = (email: string) => /name="userId" value="([0-9a-f-]{36})"/.exec(staffRows.find((row) => row.includes(email)) ?? "")?.[1] ?? "";
    own.reviewerId = staffId(demoStaff("agent").email);
    own.investigatorId = staffId(demoStaff("investigator").email);
    // complaintA goes to another investigator, the second complaint to the walk's investigator.
    for (const [number, investigatorId] of [
      [own.complaintA, staffId(otherInvestigatorEmail)],
      [own.complaintAssignedA, own.investigatorId],
    ] as const) {
      const assignment = await api.supervisor.post(`/desk/complaints/${number}`, { form: { intent: "assign", investigatorId }, maxRedirects: 0 });
      expect(assignment.status(), `the supervisor assigns ${number}`).toBe(302);
    }
    own.surveyAnswer = /\/quality\/surveys\/([0-9a-f-]{36})/.exec(await (await api.quality.get("/quality/surveys")).text())?.[1] ?? "";
    for (const [name, value] of Object.entries(own)) expect(value, `set-up object ${name}`).not.toBe("");

    // The same form, matching nothing: a number of zeros, a random id.
    const missing = Object.fromEntries(
      Object.entries(own).map(([name, value]) => [name, missingLike(value)]),
    ) as Record<ObjectRef, string>;
    return { own, missing } satisfies Fixtures;
  });

  const metricsApi = await playwrightRequest.newContext({ baseURL });
  const refusalsBefore = await refusalCount(metricsApi);
  const failures: string[] = [];
  let walked = 0;
  let allowed = 0;
  let refused = 0;
  const tally = (expected: Outcome | Outcome[]) => {
    walked++;
    if ([expected].flat().includes("through")) allowed++;
    else refused++;
  };

  // Sockets first: each session audits only so many refusals a minute, and the HTTP walk uses them up.
  await test.step("every socket event, own and missing chats", async () => {
    for (const role of ROLES) {
      const chat = await socketOf(role, "/chat");
      const desk = await socketOf(role, "/desk");
      for (const cell of SOCKET_MATRIX) {
        const socket = cell.namespace === "/chat" ? chat : desk;
        const variants: ("own" | "missing")[] = cell.owner && cell.allow.includes(role) ? ["own", "missing"] : ["own"];
        for (const variant of variants) {
          const expected = expectedSocket(cell, role, variant);
          tally(expected);
          const through = expected.includes("through");
          const payload = fill(through && cell.invalid ? cell.invalid : cell.valid, variant === "own" ? fixtures.own : fixtures.missing);
          const answer = await ack(socket, cell.event, payload);
          const got = cell.refusedAs && !through && answer.ok ? cell.refusedAs : socketOutcome(answer);
          if (!expected.includes(got)) failures.push(`${role} ${cell.namespace} ${cell.event} (${variant}): expected ${expected.join(" or ")}, got ${JSON.stringify(answer)}`);
        }
      }
      // Someone else's chat, and one that does not exist: the same answer.
      if (role === "customerB") {
        for (const cell of SOCKET_MATRIX.filter((c) => c.owner)) {
          const other = await ack(chat, cell.event, fill(cell.valid, fixtures.own));
          const none = await ack(chat, cell.event, fill(cell.valid, fixtures.missing));
          if (JSON.stringify(other) !== JSON.stringify(none)) failures.push(`customerB ${cell.event}: ${JSON.stringify(other)} for A's chat, ${JSON.stringify(none)} for a missing one`);
        }
      }
    }
  });

  await test.step("every HTTP cell, own and missing objects", async () => {
    const jobs = HTTP_MATRIX.flatMap((cell) =>
      ROLES.filter((role) => !cell.visitorsOnly || role === "anonymous").flatMap((role) => {
        const variants: ("own" | "missing")[] = cell.path.includes("{") && (cell.allow.includes(role) || (cell.owner && role === "customerB")) ? ["own", "missing"] : ["own"];
        return variants.map((variant) => ({ cell, role, variant }));
      }),
    );
    await inBatches(jobs, 10, async ({ cell, role, variant }) => {
      const expected = expectedHttp(cell, role, variant);
      tally(expected);
      const payload = expected === "through" && cell.invalid ? cell.invalid : (cell.valid ?? cell.invalid);
      const response = await send(api[role], cell, variant === "own" ? fixtures.own : fixtures.missing, payload);
      const got = outcomeOf(response);
      if (got !== expected) failures.push(`${role} ${cell.method} ${cell.path}${cell.intent ? ` intent=${cell.intent}` : ""} (${variant}): expected ${expected}, got ${got} (HTTP ${response.status()})`);
    });
  });

  await test.step("someone else's object is refused exactly like one that does not exist", async () => {
    for (const cell of HTTP_MATRIX.filter((c) => c.owner)) {
      const payload = cell.valid ?? cell.invalid;
      const other = await send(api.customerB, cell, fixtures.own, payload);
      const none = await send(api.customerB, cell, fixtures.missing, payload);
      const ids = [...Object.values(fixtures.own), ...Object.values(fixtures.missing)];
      const where = `${cell.method} ${cell.path}${cell.intent ? ` intent=${cell.intent}` : ""}`;
      if (other.status() !== none.status()) failures.push(`customerB ${where}: ${other.status()} for A's object, ${none.status()} for a missing one`);
      else if (comparable(await other.text(), ids) !== comparable(await none.text(), ids)) failures.push(`customerB ${where}: the refusal's body differs from a missing object's`);
    }
  });

  await test.step("each role reveals exactly the kinds of personal data it may, on every request type", async () => {
    const requests = [{ ref: "requestA" as ObjectRef, type: "inquiry" as const }, ...TYPED_REQUESTS];
    for (const { ref, type } of requests) {
      for (const role of ROLES.filter((r) => r !== "anonymous")) {
        const expected = revealedKinds(type, role).sort();
        tally(expected.length > 0 ? "through" : "forbidden");
        // The action's own answer (Remix's data request): the kinds shown in full.
        const response = await api[role].post(`/desk/requests/${fixtures.own[ref]}?_data=${encodeURIComponent("routes/desk.requests.$number")}`, {
          form: { intent: "reveal", reason: "process_case" },
          maxRedirects: 0,
        });
        if (expected.length === 0) {
          if (response.status() !== 403) failures.push(`${role} reveals ${type}: expected 403, got ${response.status()}`);
          continue;
        }
        const fields = response.status() === 200 ? ((await response.json()) as { revealed?: { fields?: string[] } }).revealed?.fields : undefined;
        if (JSON.stringify([...(fields ?? [])].sort()) !== JSON.stringify(expected)) {
          failures.push(`${role} reveals ${type}: expected ${expected.join(", ")}, got HTTP ${response.status()} ${JSON.stringify(fields)}`);
        }
      }
    }
  });

  await test.step("every request type walks its approval chain: each step is decided by its role alone, four eyes", async () => {
    const post = (context: APIRequestContext, number: string, form: Record<string, string>) => context.post(`/desk/requests/${number}`, { form, maxRedirects: 0 });
    const staffRoles = ROLES.filter((r) => !["anonymous", "customerA", "customerB"].includes(r));
    for (const { ref, type } of TYPED_REQUESTS) {
      const number = fixtures.own[ref];
      const chain = APPROVAL_CHAINS[type];
      for (const intent of ["claim", "accept"]) {
        const status = (await post(api.agent, number, { intent })).status();
        if (status !== 302) failures.push(`agent ${intent} ${type}: expected 302, got ${status}`);
      }
      if (chain.length > 0) {
        tally("forbidden");
        const early = (await post(api.agent, number, { intent: "complete" })).status();
        if (early !== 409) failures.push(`agent completes ${type} before its approvals: expected 409, got ${early}`);
      }
      for (const [step, role] of chain.entries()) {
        for (const other of staffRoles.filter((r) => r !== role)) {
          for (const form of [{ intent: "approve" }, { intent: "reject_approval", text: "不予批准。" }] as Record<string, string>[]) {
            tally("forbidden");
            const status = (await post(api[other], number, form)).status();
            if (status !== 403) failures.push(`${other} ${form.intent} step ${step} (${role}) of ${type}: expected 403, got ${status}`);
          }
        }
        const fourEyes = type === FOUR_EYES_ON_CHAIN.type;
        if (fourEyes && step === FOUR_EYES_ON_CHAIN.refusedStep) {
          tally("forbidden");
          const status = (await post(approver, number, { intent: "approve" })).status();
          if (status !== 403) failures.push(`the approver who decided step ${FOUR_EYES_ON_CHAIN.decidesStep} of ${type} approves step ${step}: expected 403, got ${status}`);
        }
        tally("through");
        const decider = fourEyes && step === FOUR_EYES_ON_CHAIN.decidesStep ? approver : api[role];
        const status = (await post(decider, number, { intent: "approve" })).status();
        if (status !== 302) failures.push(`${role} approves step ${step} of ${type}: expected 302, got ${status}`);
      }
      // Approved, whatever the chain: the agent completes it.
      tally("through");
      const done = (await post(api.agent, number, { intent: "complete" })).status();
      if (done !== 302) failures.push(`agent completes ${type} after its chain: expected 302, got ${done}`);
    }
  });

  await test.step("the assigned investigator investigates and proposes; another investigator may not; a supervisor approves", async () => {
    const actors = { investigator: api.investigator, otherInvestigator, supervisor: api.supervisor };
    for (const { who, intent, allowed } of INVESTIGATION) {
      tally(allowed ? "through" : "forbidden");
      const status = (await actors[who].post(`/desk/complaints/${fixtures.own.complaintAssignedA}`, { form: INVESTIGATION_FORMS[intent], maxRedirects: 0 })).status();
      const expected = allowed ? 302 : 403;
      if (status !== expected) failures.push(`${who} ${intent} on the complaint assigned to the investigator: expected ${expected}, got ${status}`);
    }
    // And on the complaint assigned to them, the other investigator works as freely.
    tally("through");
    const own = (await otherInvestigator.post(`/desk/complaints/${fixtures.own.complaintA}`, { form: INVESTIGATION_FORMS.note, maxRedirects: 0 })).status();
    if (own !== 302) failures.push(`the other investigator notes on their own complaint: expected 302, got ${own}`);
  });

  await test.step("a bent survey link is refused exactly like one never issued; the real one answers once, without signing in", async () => {
    const token = fixtures.own.surveyLinkA;
    const never = `${crypto.randomUUID()}.${"B".repeat(43)}`;
    for (const role of ["anonymous", "customerB"] as const) {
      const reference = await api[role].get(`/survey/${never}`);
      const referenceBody = comparable(await reference.text(), [never]);
      for (const { label, bend } of SURVEY_LINK_TAMPERING) {
        const bent = bend(token);
        for (const method of ["GET", "POST"] as const) {
          tally("not_found");
          const response = method === "GET" ? await api[role].get(`/survey/${bent}`) : await api[role].post(`/survey/${bent}`, { form: { score: "5", resolved: "yes" }, maxRedirects: 0 });
          if (response.status() !== 404) failures.push(`${role} ${method} a survey link with ${label}: expected 404, got ${response.status()}`);
          else if (method === "GET" && comparable(await response.text(), [bent]) !== referenceBody) failures.push(`${role} GET a survey link with ${label}: the page differs from a link never issued`);
        }
      }
    }
    // Staff holding the link can neither open nor answer it (the walk above): it is still open.
    tally("through");
    const answered = await api.anonymous.post(`/survey/${token}`, { form: { score: "5", resolved: "yes" }, maxRedirects: 0 });
    if (answered.status() !== 302) failures.push(`a visitor holding the link answers it: expected 302, got ${answered.status()}`);
    tally("forbidden");
    const again = await api.customerA.post(`/survey/${token}`, { form: { score: "1", resolved: "no" }, maxRedirects: 0 });
    if (again.status() !== 409) failures.push(`the link answered a second time: expected 409, got ${again.status()}`);
  });

  await test.step("the operations endpoint", async () => {
    for (const role of ROLES) {
      const expected = METRICS_CELL.allow.includes(role) ? 200 : 403;
      tally(expected === 200 ? "through" : "forbidden");
      const status = (await api[role].get(METRICS_CELL.path)).status();
      if (status !== expected) failures.push(`${role} GET /metrics: expected ${expected}, got ${status}`);
    }
  });

  testInfo.annotations.push({ type: "access matrix", description: `${walked} cells walked: ${allowed} allowed, ${refused} refused, ${failures.length} wrong` });
  console.log(`access matrix: ${walked} cells walked, ${allowed} allowed, ${refused} refused, ${failures.length} wrong`);
  expect(failures, "cells where the product disagrees with tests/security/access-matrix.ts").toEqual([]);

  await test.step("signed-in refusals reach the audit trail, over HTTP and sockets", async () => {
    const audited = (counts: Record<string, number>, channel: string) => counts[`channel="${channel}",audited="true"`] ?? 0;
    await expect.poll(async () => audited(await refusalCount(metricsApi), "http")).toBeGreaterThan(audited(refusalsBefore, "http"));
    await expect.poll(async () => audited(await refusalCount(metricsApi), "socket")).toBeGreaterThan(audited(refusalsBefore, "socket"));
    // Past its allowance a session's refusals are counted, not written: the walk refuses far more.
    const counted = (await refusalCount(metricsApi))['channel="http",audited="false"'] ?? 0;
    expect(counted).toBeGreaterThan(refusalsBefore['channel="http",audited="false"'] ?? 0);
  });

  for (const socket of sockets) socket.disconnect();
  for (const context of [...Object.values(api), metricsApi, otherInvestigator, approver]) await context.dispose();
});
