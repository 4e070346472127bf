/**
 * Who may do what: every route (its page or file, and each form intent it accepts) and every
 * socket.io event, with the roles allowed. tests/e2e/access-matrix.spec.ts walks every cell of
 * this table against the running product and fails on any route or event missing from it.
 *
 * Reading a row: `allow` lists the roles that get through; everyone else is refused — a visitor
 * is sent to sign in (pages) or answered `not_allowed` (sockets), a signed-in person without the
 * role gets 403 (`not_allowed`). `owner: "customerA"` marks an object that is customer A's own:
 * customer B asking for it gets exactly the answer of a number that does not exist.
 *
 * Placeholders in paths and payloads (`{requestA}`) are the objects the walk sets up first; the
 * "missing" variant replaces them with an identifier of the same form that matches nothing.
 */
import type { StaffRole } from "../../db/schema";

export const ROLES = [
  "anonymous",
  "customerA",
  "customerB",
  "agent",
  "manager",
  "risk",
  "compliance",
  "investigator",
  "supervisor",
  "quality",
  "admin",
] as const satisfies readonly ("anonymous" | "customerA" | "customerB" | StaffRole)[];
export type Role = (typeof ROLES)[number];

export type Resource =
  | "page"
  | "session"
  | "request"
  | "attachment"
  | "complaint"
  | "internal_note"
  | "chat"
  | "survey"
  | "survey_link"
  | "customer_profile"
  | "consent"
  | "privacy_request"
  | "pii"
  | "audit_log"
  | "staff"
  | "settings"
  | "knowledge_base"
  | "canned_reply"
  | "mail"
  | "export"
  | "metrics";
export type Action = "list" | "read" | "create" | "update" | "transition" | "approve" | "reveal" | "export" | "delete";

/** Objects the walk sets up (customer A's unless named otherwise), by placeholder. */
export type ObjectRef =
  | "requestA"
  | "withdrawableRequestA"
  | "attachmentA"
  | "complaintA"
  | "complaintFileA"
  | "surveyA"
  | "conversationA"
  | "cannedReply"
  | "knowledgeIntent"
  | "mailId"
  | "surveyAnswer"
  | "reviewerId"
  | "investigatorId"
  | "privacyRequestB"
  // One request of each other type, and a large transfer: each walks its own approval chain.
  | "accountOpeningA"
  | "transferA"
  | "largeTransferA"
  | "loanA"
  | "infoUpdateA"
  // A complaint assigned to the walk's investigator (complaintA is another investigator's).
  | "complaintAssignedA"
  // The emailed link of a survey about a completed request, and that survey in the portal.
  | "surveyLinkA"
  | "linkSurveyA";

export interface HttpCell {
  /** The module in app/routes, without its extension. */
  route: string;
  method: "GET" | "POST";
  /** The form's `intent` field, for modules whose forms post several. */
  intent?: string;
  resource: Resource;
  action: Action;
  path: string;
  allow: readonly Role[];
  /** The object in the path is customer A's: B is answered as for a missing one. */
  owner?: "customerA";
  /** Sent by those allowed: a payload the action refuses as invalid, so nothing changes. */
  invalid?: Record<string, string>;
  /** Sent by those refused: a payload that would succeed, proving the refusal comes first. */
  valid?: Record<string, string>;
  /** Walked by visitors only: signing out would end the session the walk shares. */
  visitorsOnly?: true;
  /** The form carries files: posted as multipart/form-data. */
  multipart?: true;
  /** How everyone is refused, when it is not the usual sign-in / 403 answer. */
  refusedAs?: "not_found";
  /** Success is being sent to the sign-in page (signing out). */
  succeedsWith?: "signin";
}

export interface SocketCell {
  namespace: "/chat" | "/desk";
  event: string;
  resource: Resource;
  action: Action;
  allow: readonly Role[];
  owner?: "customerA";
  invalid?: Record<string, unknown>;
  valid: Record<string, unknown>;
  /**
   * Typing into a chat that is not one's own (or does not exist) is dropped without a word: the
   * answer is the same `ok` either way and nothing reaches anyone (domain/conversations/may-relay-typing.ts).
   */
  refusedAs?: "ignored";
}

const CUSTOMERS = ["customerA", "customerB"] as const satisfies readonly Role[];
const STAFF = ["agent", "manager", "risk", "compliance", "investigator", "supervisor", "quality", "admin"] as const satisfies readonly Role[];
const SIGNED_IN: readonly Role[] = [...CUSTOMERS, ...STAFF];
const EVERYONE: readonly Role[] = ["anonymous", ...SIGNED_IN];
const ADMIN: readonly Role[] = ["admin"];
const OWNER: readonly Role[] = ["customerA"];
const LINK_HOLDERS: readonly Role[] = ["anonymous", ...CUSTOMERS];

// The role lists of domain/, written out: the matrix is the independent statement of the rules.
const REQUEST_STAFF: readonly Role[] = ["agent", "supervisor", "manager", "risk", "compliance"];
// Who may hold a step of an approval chain (the admin sets the chains).
const APPROVERS: readonly Role[] = ["manager", "risk", "compliance", "supervisor"];
const COMPLAINT_READERS: readonly Role[] = ["investigator", "supervisor", "agent", "quality"];
const COMPLAINT_INTAKE: readonly Role[] = ["agent", "supervisor"];
const QUALITY_READERS: readonly Role[] = ["quality", "supervisor", "admin"];
const QUALITY_EXPORTERS: readonly Role[] = ["quality", "supervisor"];
const CHAT_STAFF: readonly Role[] = ["agent", "supervisor"];

const SOME_TEXT = "核对材料 checking the papers";
const UUID_NOBODY = "00000000-0000-4000-8000-000000000000";

const inquiry = { type: "inquiry", subject: "账户问题", message: "请问如何查询账户余额？" };
const complaint = {
  category: "fees",
  businessLine: "cards",
  whatHappened: "年费被重复扣除。",
  whenHappened: "11月20日",
  request: "退还重复扣除的年费。",
};
const requestDesk = (intent: string, allow: readonly Role[], valid: Record<string, string> = {}, invalid?: Record<string, string>): HttpCell => ({
  route: "desk.requests.$number",
  method: "POST",
  intent,
  resource: intent === "note" ? "internal_note" : intent === "reveal" ? "pii" : "request",
  action: intent === "note" ? "create" : intent === "reveal" ? "reveal" : intent === "approve" || intent === "reject_approval" ? "approve" : "transition",
  path: "/desk/requests/{requestA}",
  allow,
  valid: { intent, ...valid },
  ...(invalid ? { invalid: { intent, ...invalid } } : {}),
});
// Only readers of a complaint get as far as its own rules (domain/complaints/desk-complaint-access.ts):
// supervisors do everything; the investigator it is assigned to investigates (notes, a proposal,
// an extension, the severity) — complaintA is assigned to another investigator, so the walk's
// investigator is refused there (and allowed on complaintAssignedA).
const complaintDesk = (intent: string, action: Action, valid: Record<string, string>, invalid?: Record<string, string>): HttpCell => ({
  route: "desk.complaints.$number",
  method: "POST",
  intent,
  resource: intent === "note" ? "internal_note" : "complaint",
  action,
  path: "/desk/complaints/{complaintA}",
  allow: ["supervisor"],
  valid: { intent, ...valid },
  ...(invalid ? { invalid: { intent, ...invalid } } : {}),
});

const ASSIGNED: readonly Role[] = ["supervisor", "investigator"];

// ---------------------------------------------------------------------------------------------
// Requests of every type. What differs by type is the personal data on the desk screen (and so
// who may reveal it) and the approval chain (and so who decides each step).

export type TypedRequest = "account_opening" | "transfer" | "large_transfer" | "loan" | "info_update";
export const TYPED_REQUESTS: readonly { ref: ObjectRef; type: TypedRequest }[] = [
  { ref: "accountOpeningA", type: "account_opening" },
  { ref: "transferA", type: "transfer" },
  { ref: "largeTransferA", type: "large_transfer" },
  { ref: "loanA", type: "loan" },
  { ref: "infoUpdateA", type: "info_update" },
];

/** What customer A submits for each (the info update changes the address); made-up numbers. */
export const TYPED_REQUEST_FORMS: Record<TypedRequest, Record<string, string>> = {
  account_opening: { type: "account_opening", holder: "individual", realName: "王小明", residentId: "11010519491231002X", mobile: "13800000042" },
  transfer: { type: "transfer", payeeName: "李华", payeeAccount: "6200000000000000199", amount: "1200", purpose: "房租" },
  // At or above the threshold (50,000 yuan by default): a fund movement, risk reviews it.
  large_transfer: { type: "transfer", payeeName: "李华", payeeAccount: "6200000000000000199", amount: "80000", purpose: "购房首付" },
  loan: { type: "loan", loanType: "personal", amount: "50000", termMonths: "24", monthlyIncome: "15000", employment: "employed", employer: "北京某公司" },
  info_update: { type: "info_update", field: "address", newValue: "北京市海淀区中关村大街1号" },
};

type PersonalKind = "resident_id" | "account_number" | "income" | "mobile" | "email" | "address";
/** The personal data each desk screen holds: the customer's mobile, and the request's own. */
const KINDS_ON_SCREEN: Record<TypedRequest | "inquiry", readonly PersonalKind[]> = {
  inquiry: ["mobile"],
  account_opening: ["mobile", "resident_id"],
  transfer: ["mobile", "account_number"],
  large_transfer: ["mobile", "account_number"],
  loan: ["mobile", "income"],
  info_update: ["mobile", "address"],
};
/** Who sees each kind in full, on a reason (docs/data-inventory.md, "full view"). */
const FULL_VIEW: Record<PersonalKind, readonly Role[]> = {
  resident_id: ["agent", "supervisor", "compliance"],
  account_number: ["agent", "supervisor", "risk", "compliance"],
  income: ["agent", "supervisor", "manager", "risk", "compliance"],
  mobile: ["agent", "supervisor", "manager", "compliance", "quality"],
  email: ["agent", "supervisor", "manager", "compliance"],
  address: ["agent", "supervisor", "manager", "compliance"],
};
/** The kinds `role` sees in full when revealing a request of `type` (none: the reveal is refused). */
export function revealedKinds(type: TypedRequest | "inquiry", role: Role): PersonalKind[] {
  if (!REQUEST_STAFF.includes(role)) return [];
  return KINDS_ON_SCREEN[type].filter((kind) => FULL_VIEW[kind].includes(role));
}

/**
 * The default approval chains (SPEC §1, §3.2): one role a step, in order, after an agent's
 * acceptance. Nobody else decides a step — not another approver, not a supervisor, not the agent.
 */
export const APPROVAL_CHAINS: Record<TypedRequest, readonly Role[]> = {
  account_opening: ["manager", "compliance"],
  transfer: [],
  large_transfer: ["risk", "compliance"],
  loan: ["manager", "risk", "compliance"],
  info_update: [],
};
/**
 * Four eyes on a chain: one person holding two of its roles (the demo approver, manager and risk)
 * decides the first step of the loan and is then refused the second.
 */
export const FOUR_EYES_ON_CHAIN = { type: "loan" as TypedRequest, decidesStep: 0, refusedStep: 1 };

/**
 * The complaint assigned to the walk's investigator, worked step by step: the investigator it is
 * assigned to investigates and proposes; another investigator (complaintA's) is refused; the
 * proposer does not approve, a supervisor does (four eyes).
 */
export const INVESTIGATION: readonly { who: "investigator" | "otherInvestigator" | "supervisor"; intent: "note" | "propose" | "approve"; allowed: boolean }[] = [
  { who: "otherInvestigator", intent: "note", allowed: false },
  { who: "investigator", intent: "note", allowed: true },
  { who: "otherInvestigator", intent: "propose", allowed: false },
  { who: "investigator", intent: "propose", allowed: true },
  { who: "investigator", intent: "approve", allowed: false },
  { who: "otherInvestigator", intent: "approve", allowed: false },
  { who: "supervisor", intent: "approve", allowed: true },
];
export const INVESTIGATION_FORMS: Record<(typeof INVESTIGATION)[number]["intent"], Record<string, string>> = {
  note: { intent: "note", noteKind: "finding", text: "核对扣费流水：重复扣费属实。" },
  propose: { intent: "propose", remedy: "退还重复扣除的年费。", response: "经核实，年费重复扣除，将于三个工作日内退还。" },
  approve: { intent: "approve" },
};

/**
 * Bent survey links: each is refused exactly as a link that was never issued (404, the same page),
 * whoever sends it. An expired link is the holder's own, so it says so (410): tests/integration/surveys.test.ts.
 */
export const SURVEY_LINK_TAMPERING: readonly { label: string; bend: (token: string) => string }[] = [
  { label: "a changed signature", bend: (token) => token.slice(0, -1) + (token.endsWith("A") ? "B" : "A") },
  { label: "another survey's id under the real signature", bend: (token) => `${crypto.randomUUID()}${token.slice(36)}` },
  { label: "the id alone", bend: (token) => token.slice(0, 36) },
  { label: "a forged link of the same form", bend: () => `${crypto.randomUUID()}.${"x".repeat(43)}` },
];

export const HTTP_MATRIX: readonly HttpCell[] = [
  // Public pages and the sign-in steps.
  { route: "_index", method: "GET", resource: "page", action: "read", path: "/", allow: EVERYONE },
  { route: "$", method: "GET", resource: "page", action: "read", path: "/no-such-page", allow: [], refusedAs: "not_found" },
  { route: "$", method: "POST", resource: "page", action: "create", path: "/no-such-page", allow: [], refusedAs: "not_found", valid: {} },
  { route: "login", method: "GET", resource: "session", action: "read", path: "/login", allow: EVERYONE },
  { route: "login", method: "POST", resource: "session", action: "create", path: "/login", allow: EVERYONE, invalid: { email: "" } },
  { route: "register", method: "GET", resource: "customer_profile", action: "read", path: "/register", allow: EVERYONE },
  { route: "register", method: "POST", resource: "customer_profile", action: "create", path: "/register", allow: EVERYONE, invalid: { email: "" } },
  { route: "logout", method: "GET", resource: "session", action: "read", path: "/logout", allow: EVERYONE },
  { route: "logout", method: "POST", resource: "session", action: "delete", path: "/logout", allow: EVERYONE, visitorsOnly: true, succeedsWith: "signin" },
  { route: "language", method: "GET", resource: "page", action: "read", path: "/language", allow: EVERYONE },
  { route: "language", method: "POST", resource: "customer_profile", action: "update", path: "/language", allow: EVERYONE, invalid: { locale: "xx" } },
  { route: "track", method: "GET", resource: "request", action: "read", path: "/track", allow: EVERYONE },
  { route: "track", method: "POST", resource: "request", action: "read", path: "/track", allow: EVERYONE, invalid: { number: "" } },
  // The emailed link is a bearer credential: whoever holds it opens and answers it without signing
  // in, customer B too. Staff may not (the answer credits an agent). A forged link of the same form
  // (the "missing" variant) is refused as not found; SURVEY_LINK_TAMPERING below bends the real one.
  { route: "survey.$token", method: "GET", resource: "survey_link", action: "read", path: "/survey/{surveyLinkA}", allow: LINK_HOLDERS },
  { route: "survey.$token", method: "POST", resource: "survey_link", action: "update", path: "/survey/{surveyLinkA}", allow: LINK_HOLDERS, invalid: { score: "9" }, valid: { score: "5", resolved: "yes" } },
  { route: "auth.two-factor", method: "GET", resource: "session", action: "read", path: "/auth/two-factor", allow: SIGNED_IN },
  { route: "auth.two-factor", method: "POST", resource: "session", action: "update", path: "/auth/two-factor", allow: SIGNED_IN, invalid: { code: "" }, valid: { code: "000000" } },
  { route: "auth.two-factor-setup", method: "GET", resource: "session", action: "read", path: "/auth/two-factor-setup", allow: SIGNED_IN },
  { route: "auth.two-factor-setup", method: "POST", resource: "session", action: "update", path: "/auth/two-factor-setup", allow: SIGNED_IN, invalid: { code: "" }, valid: { code: "000000" } },
  { route: "auth.recovery-codes", method: "GET", resource: "session", action: "read", path: "/auth/recovery-codes", allow: SIGNED_IN },
  { route: "account", method: "GET", resource: "customer_profile", action: "read", path: "/account", allow: SIGNED_IN },
  { route: "account", method: "POST", intent: "end_session", resource: "session", action: "delete", path: "/account", allow: SIGNED_IN, invalid: { intent: "end_session", sessionId: "x" }, valid: { intent: "end_session", sessionId: UUID_NOBODY } },
  // Only a customer consents (staff record a customer's verbal consent on the complaint intake).
  { route: "account", method: "POST", intent: "withdraw_consent", resource: "consent", action: "update", path: "/account", allow: CUSTOMERS, valid: { intent: "withdraw_consent" } },
  { route: "privacy-notice", method: "GET", resource: "page", action: "read", path: "/privacy-notice", allow: EVERYONE },
  // The customer's data rights: a copy of everything, and closing the account.
  { route: "account_.data[.json]", method: "GET", resource: "customer_profile", action: "export", path: "/account/data.json", allow: CUSTOMERS },
  { route: "account_.data[.html]", method: "GET", resource: "customer_profile", action: "export", path: "/account/data.html", allow: CUSTOMERS },
  { route: "account_.privacy", method: "GET", resource: "privacy_request", action: "list", path: "/account/privacy", allow: CUSTOMERS },
  { route: "account_.privacy", method: "POST", resource: "privacy_request", action: "create", path: "/account/privacy", allow: CUSTOMERS, invalid: { password: "" }, valid: { password: "a password that is not theirs" } },

  // The customer portal: requests, complaints and surveys of one's own.
  { route: "portal._index", method: "GET", resource: "request", action: "list", path: "/portal", allow: CUSTOMERS },
  { route: "portal.requests.new._index", method: "GET", resource: "request", action: "read", path: "/portal/requests/new", allow: CUSTOMERS },
  { route: "portal.requests.new.$type", method: "GET", resource: "request", action: "read", path: "/portal/requests/new/inquiry", allow: CUSTOMERS },
  { route: "portal.requests.new.$type", method: "POST", resource: "request", action: "create", path: "/portal/requests/new/inquiry", allow: CUSTOMERS, multipart: true, invalid: { type: "inquiry" }, valid: inquiry },
  { route: "portal.requests.$number", method: "GET", resource: "request", action: "read", path: "/portal/requests/{requestA}", allow: OWNER, owner: "customerA" },
  { route: "portal.requests.$number", method: "POST", intent: "answer", resource: "request", action: "update", path: "/portal/requests/{requestA}", allow: OWNER, owner: "customerA", invalid: { intent: "answer" }, valid: { intent: "answer", answer: SOME_TEXT } },
  { route: "portal.requests.$number", method: "POST", intent: "withdraw", resource: "request", action: "transition", path: "/portal/requests/{withdrawableRequestA}", allow: OWNER, owner: "customerA", valid: { intent: "withdraw" } },
  { route: "attachments.$id", method: "GET", resource: "attachment", action: "read", path: "/attachments/{attachmentA}", allow: ["customerA", "agent", "manager", "risk", "compliance", "supervisor"], owner: "customerA" },
  { route: "portal.complaints._index", method: "GET", resource: "complaint", action: "list", path: "/portal/complaints", allow: CUSTOMERS },
  { route: "portal.complaints.new", method: "GET", resource: "complaint", action: "read", path: "/portal/complaints/new", allow: CUSTOMERS },
  { route: "portal.complaints.new", method: "POST", resource: "complaint", action: "create", path: "/portal/complaints/new", allow: CUSTOMERS, multipart: true, invalid: { category: "none" }, valid: complaint },
  { route: "portal.complaints.$number", method: "GET", resource: "complaint", action: "read", path: "/portal/complaints/{complaintA}", allow: OWNER, owner: "customerA" },
  ...(["accept", "dispute", "review"] as const).map(
    (intent): HttpCell => ({
      route: "portal.complaints.$number",
      method: "POST",
      intent,
      resource: "complaint",
      action: intent === "accept" ? "approve" : "transition",
      path: "/portal/complaints/{complaintA}",
      allow: OWNER,
      owner: "customerA",
      ...(intent === "accept" ? {} : { invalid: { intent } }),
      valid: intent === "accept" ? { intent } : { intent, reason: SOME_TEXT },
    }),
  ),
  { route: "portal.complaints.$number_.files.$id", method: "GET", resource: "attachment", action: "read", path: "/portal/complaints/{complaintA}/files/{complaintFileA}", allow: OWNER, owner: "customerA" },
  { route: "portal.surveys._index", method: "GET", resource: "survey", action: "list", path: "/portal/surveys", allow: CUSTOMERS },
  { route: "portal.surveys.$id", method: "GET", resource: "survey", action: "read", path: "/portal/surveys/{surveyA}", allow: OWNER, owner: "customerA" },
  { route: "portal.surveys.$id", method: "POST", resource: "survey", action: "update", path: "/portal/surveys/{surveyA}", allow: OWNER, owner: "customerA", invalid: { score: "9" }, valid: { score: "5", resolved: "yes" } },
  // The survey behind the emailed link, in the portal: A's alone, like any survey of A's.
  { route: "portal.surveys.$id", method: "GET", resource: "survey", action: "read", path: "/portal/surveys/{linkSurveyA}", allow: OWNER, owner: "customerA" },
  { route: "portal.surveys.$id", method: "POST", resource: "survey", action: "update", path: "/portal/surveys/{linkSurveyA}", allow: OWNER, owner: "customerA", invalid: { score: "9" }, valid: { score: "5", resolved: "yes" } },

  // The staff desk: requests.
  { route: "desk._index", method: "GET", resource: "page", action: "read", path: "/desk", allow: STAFF },
  { route: "desk.requests._index", method: "GET", resource: "request", action: "list", path: "/desk/requests", allow: REQUEST_STAFF },
  { route: "desk.requests.$number", method: "GET", resource: "request", action: "read", path: "/desk/requests/{requestA}", allow: REQUEST_STAFF },
  requestDesk("claim", ["agent", "supervisor"]),
  requestDesk("assign", ["agent", "supervisor"], { assigneeId: "{reviewerId}" }, { assigneeId: "x" }),
  requestDesk("accept", ["agent", "supervisor"]),
  requestDesk("approve", APPROVERS),
  requestDesk("complete", ["agent", "supervisor"]),
  requestDesk("close", ["agent", "supervisor"]),
  requestDesk("request_info", ["agent", "supervisor"], { text: SOME_TEXT }, { text: "" }),
  requestDesk("reject", ["agent", "supervisor"], { text: SOME_TEXT }, { text: "" }),
  requestDesk("reject_approval", APPROVERS, { text: SOME_TEXT }, { text: "" }),
  requestDesk("mark_special", ["agent", "supervisor"], { text: SOME_TEXT }, { text: "" }),
  requestDesk("note", REQUEST_STAFF, { text: SOME_TEXT }, { text: "" }),
  // Those who may see some of this request's personal data in full (domain/identity/reveal-policy.ts):
  // an inquiry holds the customer's name and mobile, which risk may not reveal.
  requestDesk("reveal", ["agent", "supervisor", "manager", "compliance"], { reason: "process_case" }, { reason: "" }),
  // The other request types: the customer's own page, the desk page, a note, and the reveal, whose
  // allowed roles follow from the personal data each type carries (REVEALED_KINDS below).
  ...TYPED_REQUESTS.flatMap(({ ref, type }): HttpCell[] => [
    { route: "portal.requests.$number", method: "GET", resource: "request", action: "read", path: `/portal/requests/{${ref}}`, allow: OWNER, owner: "customerA" },
    { route: "desk.requests.$number", method: "GET", resource: "request", action: "read", path: `/desk/requests/{${ref}}`, allow: REQUEST_STAFF },
    { ...requestDesk("note", REQUEST_STAFF, { text: SOME_TEXT }, { text: "" }), path: `/desk/requests/{${ref}}` },
    {
      ...requestDesk("reveal", REQUEST_STAFF.filter((role) => revealedKinds(type, role).length > 0), { reason: "process_case" }, { reason: "" }),
      path: `/desk/requests/{${ref}}`,
    },
  ]),

  // The complaint desk.
  { route: "desk.complaints._index", method: "GET", resource: "complaint", action: "list", path: "/desk/complaints", allow: COMPLAINT_READERS },
  { route: "desk.complaints.new", method: "GET", resource: "complaint", action: "read", path: "/desk/complaints/new", allow: COMPLAINT_INTAKE },
  { route: "desk.complaints.new", method: "POST", resource: "complaint", action: "create", path: "/desk/complaints/new", allow: COMPLAINT_INTAKE, invalid: { category: "none" }, valid: { ...complaint, channel: "phone", customer: "13800000001" } },
  { route: "desk.complaints.$number", method: "GET", resource: "complaint", action: "read", path: "/desk/complaints/{complaintA}", allow: COMPLAINT_READERS },
  complaintDesk("assign", "update", { investigatorId: "{investigatorId}" }, { investigatorId: "x" }),
  complaintDesk("note", "create", { noteKind: "finding", text: SOME_TEXT }, { noteKind: "finding", text: "" }),
  complaintDesk("propose", "transition", { remedy: SOME_TEXT, response: SOME_TEXT }, { remedy: "" }),
  complaintDesk("approve", "approve", {}),
  complaintDesk("reject", "approve", { reason: SOME_TEXT }, { reason: "" }),
  complaintDesk("extend", "update", { totalDays: "30", reason: SOME_TEXT }, { totalDays: "x" }),
  complaintDesk("severity", "update", { severity: "high" }, { severity: "x" }),
  { route: "desk.complaints.$number_.files.$id", method: "GET", resource: "attachment", action: "read", path: "/desk/complaints/{complaintA}/files/{complaintFileA}", allow: COMPLAINT_READERS },
  // The complaint assigned to the walk's investigator: they investigate it (notes, a proposal, an
  // extension, the severity); assigning and deciding stay with supervisors.
  { route: "desk.complaints.$number", method: "GET", resource: "complaint", action: "read", path: "/desk/complaints/{complaintAssignedA}", allow: COMPLAINT_READERS },
  ...[
    complaintDesk("assign", "update", { investigatorId: "{investigatorId}" }, { investigatorId: "x" }),
    { ...complaintDesk("note", "create", { noteKind: "finding", text: SOME_TEXT }, { noteKind: "finding", text: "" }), allow: ASSIGNED },
    { ...complaintDesk("propose", "transition", { remedy: SOME_TEXT, response: SOME_TEXT }, { remedy: "" }), allow: ASSIGNED },
    complaintDesk("approve", "approve", {}),
    complaintDesk("reject", "approve", { reason: SOME_TEXT }, { reason: "" }),
    { ...complaintDesk("extend", "update", { totalDays: "30", reason: SOME_TEXT }, { totalDays: "x" }), allow: ASSIGNED },
    { ...complaintDesk("severity", "update", { severity: "high" }, { severity: "x" }), allow: ASSIGNED },
  ].map((cell): HttpCell => ({ ...cell, path: "/desk/complaints/{complaintAssignedA}" })),

  // Privacy requests: compliance alone (domain/privacy/privacy-access.ts). The walk's request is
  // customer B's, already refused: an allowed post meets a conflict and changes nothing.
  { route: "desk.privacy._index", method: "GET", resource: "privacy_request", action: "list", path: "/desk/privacy", allow: ["compliance"] },
  { route: "desk.privacy.$number", method: "GET", resource: "privacy_request", action: "read", path: "/desk/privacy/{privacyRequestB}", allow: ["compliance"] },
  ...(["start", "complete", "refuse"] as const).map(
    (intent): HttpCell => ({
      route: "desk.privacy.$number",
      method: "POST",
      intent,
      resource: "privacy_request",
      action: intent === "refuse" ? "approve" : "transition",
      path: "/desk/privacy/{privacyRequestB}",
      allow: ["compliance"],
      valid: intent === "refuse" ? { intent, reason: SOME_TEXT } : { intent },
    }),
  ),

  // Live chats (the page; the chat itself is on the sockets below).
  { route: "desk.chats", method: "GET", resource: "chat", action: "list", path: "/desk/chats", allow: CHAT_STAFF },

  // Quality: dashboards, survey reviews and follow-ups, exports.
  { route: "quality._index", method: "GET", resource: "page", action: "read", path: "/quality", allow: QUALITY_READERS },
  { route: "quality.kpis[.csv]", method: "GET", resource: "export", action: "export", path: "/quality/kpis.csv", allow: QUALITY_EXPORTERS },
  { route: "quality.kpis[.xlsx]", method: "GET", resource: "export", action: "export", path: "/quality/kpis.xlsx", allow: QUALITY_EXPORTERS },
  { route: "quality.report", method: "GET", resource: "page", action: "read", path: "/quality/report", allow: QUALITY_READERS },
  { route: "quality.report[.pdf]", method: "GET", resource: "export", action: "export", path: "/quality/report.pdf", allow: QUALITY_EXPORTERS },
  { route: "quality.surveys._index", method: "GET", resource: "survey", action: "list", path: "/quality/surveys", allow: QUALITY_READERS },
  { route: "quality.surveys[.csv]", method: "GET", resource: "export", action: "export", path: "/quality/surveys.csv", allow: QUALITY_EXPORTERS },
  { route: "quality.surveys[.xlsx]", method: "GET", resource: "export", action: "export", path: "/quality/surveys.xlsx", allow: QUALITY_EXPORTERS },
  { route: "quality.surveys.$id", method: "GET", resource: "survey", action: "read", path: "/quality/surveys/{surveyAnswer}", allow: QUALITY_READERS },
  { route: "quality.surveys.$id", method: "POST", intent: "review", resource: "survey", action: "update", path: "/quality/surveys/{surveyAnswer}", allow: ["quality"], invalid: { intent: "review", tags: "no-such-tag" }, valid: { intent: "review", note: SOME_TEXT } },
  { route: "quality.surveys.$id", method: "POST", intent: "reveal", resource: "pii", action: "reveal", path: "/quality/surveys/{surveyAnswer}", allow: ["quality"], invalid: { intent: "reveal", reason: "" }, valid: { intent: "reveal", reason: SOME_TEXT } },
  { route: "quality.follow-ups", method: "GET", resource: "survey", action: "list", path: "/quality/follow-ups", allow: QUALITY_READERS },
  ...(["assign", "note", "close"] as const).map(
    (intent): HttpCell => ({
      route: "quality.follow-ups",
      method: "POST",
      intent,
      resource: "survey",
      action: intent === "close" ? "transition" : "update",
      path: "/quality/follow-ups",
      allow: ["quality"],
      invalid: { intent, id: "x" },
      valid: { intent, id: UUID_NOBODY, assigneeId: UUID_NOBODY, note: SOME_TEXT, action: SOME_TEXT },
    }),
  ),

  // Administration.
  { route: "admin._index", method: "GET", resource: "page", action: "read", path: "/admin", allow: ADMIN },
  { route: "admin.staff._index", method: "GET", resource: "staff", action: "list", path: "/admin/staff", allow: ADMIN },
  { route: "admin.staff._index", method: "POST", resource: "staff", action: "update", path: "/admin/staff", allow: ADMIN, invalid: { userId: "x" }, valid: { userId: "{reviewerId}", branch: "北京海淀支行" } },
  { route: "admin.staff.new", method: "GET", resource: "staff", action: "read", path: "/admin/staff/new", allow: ADMIN },
  { route: "admin.staff.new", method: "POST", resource: "staff", action: "create", path: "/admin/staff/new", allow: ADMIN, invalid: { name: "" }, valid: { name: "新员工", email: "matrix-new@e2e.trustline.test", roles: "agent" } },
  { route: "admin.settings", method: "GET", resource: "settings", action: "read", path: "/admin/settings", allow: ADMIN },
  { route: "admin.settings", method: "POST", resource: "settings", action: "update", path: "/admin/settings", allow: ADMIN, invalid: { largeTransferThreshold: "x" } },
  { route: "admin.settings", method: "POST", intent: "chat", resource: "settings", action: "update", path: "/admin/settings", allow: ADMIN, invalid: { intent: "chat", maxChatsPerAgent: "x" }, valid: { intent: "chat", maxChatsPerAgent: "5" } },
  { route: "admin.settings", method: "POST", intent: "surveys", resource: "settings", action: "update", path: "/admin/settings", allow: ADMIN, invalid: { intent: "surveys", expiryDays: "x" }, valid: { intent: "surveys", expiryDays: "7" } },
  { route: "admin.settings", method: "POST", intent: "complaints", resource: "settings", action: "update", path: "/admin/settings", allow: ADMIN, invalid: { intent: "complaints", confirmationDays: "x" } },
  { route: "admin.calendar", method: "GET", resource: "settings", action: "read", path: "/admin/calendar", allow: ADMIN },
  { route: "admin.calendar", method: "POST", intent: "set", resource: "settings", action: "update", path: "/admin/calendar", allow: ADMIN, invalid: { intent: "set", date: "x" }, valid: { intent: "set", date: "2031-10-01", kind: "holiday", name: "国庆节" } },
  { route: "admin.calendar", method: "POST", intent: "remove", resource: "settings", action: "delete", path: "/admin/calendar", allow: ADMIN, invalid: { intent: "remove", date: "2031-10-01T00:00" }, valid: { intent: "remove", date: "2031-10-01" } },
  { route: "admin.calendar", method: "POST", intent: "publish", resource: "settings", action: "update", path: "/admin/calendar", allow: ADMIN, invalid: { intent: "publish", year: "x" }, valid: { intent: "publish", year: "2031" } },
  { route: "admin.knowledge._index", method: "GET", resource: "knowledge_base", action: "list", path: "/admin/knowledge", allow: ADMIN },
  { route: "admin.knowledge.$intent", method: "GET", resource: "knowledge_base", action: "read", path: "/admin/knowledge/{knowledgeIntent}", allow: ADMIN },
  { route: "admin.knowledge.$intent", method: "POST", resource: "knowledge_base", action: "update", path: "/admin/knowledge/{knowledgeIntent}", allow: ADMIN, invalid: { zhTitle: "" }, valid: { zhTitle: "标题", zhAnswer: "答案", enTitle: "Title", enAnswer: "Answer" } },
  { route: "admin.canned-replies._index", method: "GET", resource: "canned_reply", action: "list", path: "/admin/canned-replies", allow: ADMIN },
  { route: "admin.canned-replies._index", method: "POST", intent: "create", resource: "canned_reply", action: "create", path: "/admin/canned-replies", allow: ADMIN, invalid: { intent: "create", title: "" }, valid: { intent: "create", title: "问候", textZh: "您好", textEn: "Hello" } },
  { route: "admin.canned-replies._index", method: "POST", intent: "delete", resource: "canned_reply", action: "delete", path: "/admin/canned-replies", allow: ADMIN, invalid: { intent: "delete" }, valid: { intent: "delete", id: "{cannedReply}" } },
  { route: "admin.canned-replies.$id", method: "GET", resource: "canned_reply", action: "read", path: "/admin/canned-replies/{cannedReply}", allow: ADMIN },
  { route: "admin.canned-replies.$id", method: "POST", resource: "canned_reply", action: "update", path: "/admin/canned-replies/{cannedReply}", allow: ADMIN, invalid: { title: "" }, valid: { title: "问候", textZh: "您好", textEn: "Hello" } },
  { route: "admin.mail._index", method: "GET", resource: "mail", action: "list", path: "/admin/mail", allow: ADMIN },
  { route: "admin.mail.$id", method: "GET", resource: "mail", action: "read", path: "/admin/mail/{mailId}", allow: ADMIN },
];

/** The operations endpoint outside Remix (server/http-app.ts): admins, or a scraper's token. */
export const METRICS_CELL = { path: "/metrics", resource: "metrics" as Resource, action: "read" as Action, allow: ADMIN };

const conversation = { conversationId: "{conversationA}" };
const chat = (event: string, action: Action, valid: Record<string, unknown>, invalid: Record<string, unknown>): SocketCell => ({
  namespace: "/chat",
  event,
  resource: "chat",
  action,
  // Visitors chat too: the widget is on every public page, behind a signed visitor cookie.
  allow: ["anonymous", ...CUSTOMERS],
  ...("conversationId" in valid ? { owner: "customerA" as const, allow: ["customerA" as const] } : {}),
  valid,
  invalid,
});
const desk = (event: string, action: Action, valid: Record<string, unknown>, invalid?: Record<string, unknown>): SocketCell => ({
  namespace: "/desk",
  event,
  resource: "chat",
  action,
  allow: CHAT_STAFF,
  valid,
  ...(invalid ? { invalid } : {}),
});

export const SOCKET_MATRIX: readonly SocketCell[] = [
  chat("chat:open", "create", { afterSeq: 0 }, { afterSeq: -1 }),
  chat("chat:resume", "read", { ...conversation, afterSeq: 0 }, { conversationId: "x", afterSeq: 0 }),
  chat("chat:send", "create", { ...conversation, clientId: "matrix-1", text: SOME_TEXT }, { ...conversation, clientId: "matrix-1", text: "" }),
  chat("chat:handoff", "transition", conversation, { conversationId: "x" }),
  { ...chat("chat:typing", "update", { ...conversation, typing: true }, { conversationId: "x", typing: true }), refusedAs: "ignored" },
  chat("chat:end", "transition", conversation, { conversationId: "x" }),
  chat("chat:rate", "update", { ...conversation, rating: 5 }, { ...conversation, rating: 9 }),
  desk("desk:presence", "update", { status: "away" }, { status: "x" }),
  desk("desk:queue", "list", {}),
  desk("desk:agents", "list", {}),
  desk("desk:claim", "transition", conversation, { conversationId: "x" }),
  desk("desk:open", "read", { ...conversation, afterSeq: 0 }, { conversationId: "x", afterSeq: 0 }),
  desk("desk:send", "create", { ...conversation, clientId: "matrix-1", text: SOME_TEXT }, { ...conversation, clientId: "matrix-1", text: "" }),
  { ...desk("desk:typing", "update", { ...conversation, typing: true }, { conversationId: "x", typing: true }), refusedAs: "ignored" },
  desk("desk:transfer", "transition", { ...conversation, toAgentId: UUID_NOBODY, note: SOME_TEXT }, { conversationId: "x" }),
  desk("desk:close", "transition", conversation, { conversationId: "x" }),
];
