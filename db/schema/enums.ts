// Enumerations shared by the schema and the screens. Nothing here imports drizzle, so a page
// may use these lists without pulling database code into the browser bundle.

export const accountKinds = ["customer", "staff"] as const;
export const staffRoles = [
  "agent",
  "manager",
  "risk",
  "compliance",
  "investigator",
  "supervisor",
  "quality",
  "admin",
] as const;
export const locales = ["zh-CN", "en"] as const;
export const requestTypes = ["account_opening", "transfer", "loan", "info_update", "inquiry", "complaint"] as const;
export const requestStatuses = [
  "submitted",
  "under_review",
  "info_requested",
  "in_approval",
  "approved",
  "rejected",
  "completed",
  "closed",
  "withdrawn",
] as const;
// Requests still being worked on: the desk's queue, the agent's view of a customer.
export const openRequestStatuses = ["submitted", "under_review", "info_requested", "in_approval", "approved"] as const satisfies readonly (typeof requestStatuses)[number][];
export const clockKinds = ["standard", "special", "fund_movement"] as const;
export const slaStates = ["on_track", "at_risk", "overdue"] as const;
export const conversationStatuses = ["bot", "waiting", "active", "closed"] as const;
export const messageSenders = ["customer", "visitor", "bot", "agent", "system"] as const;
export const chatLanguages = ["zh", "en"] as const;
export const agentPresences = ["online", "away"] as const;
export const surveySubjects = ["chat", "request", "complaint"] as const;
export const followUpStatuses = ["open", "closed"] as const;
// Where the customer was served: a survey's channel (a request: the portal; a chat: the chat;
// a complaint: the channel it came in by).
export const serviceChannels = ["portal", "chat", "phone", "counter", "email"] as const;
// What quality reviewers tag a survey with.
export const surveyTags = ["agent_attitude", "process_gap", "system", "policy", "knowledge", "praise", "other"] as const;
export const complaintChannels = ["portal", "chat", "phone", "counter", "email"] as const;
// The bank's categories, close to the cause dimension of the PBOC complaint statistics (JR/T 0169-2018).
export const complaintCategories = [
  "service_attitude",
  "processing_delay",
  "fees",
  "mis_selling",
  "privacy",
  "system_fault",
  "other",
] as const;
export const complaintBusinessLines = ["deposits", "loans", "cards", "payments", "wealth", "other"] as const;
export const complaintSeverities = ["low", "medium", "high"] as const;
// The complaint loop's states; the transitions between them are in domain/complaints/complaint-lifecycle.ts.
export const complaintStatuses = [
  "received",
  "acknowledged",
  "investigating",
  "resolution_proposed",
  "awaiting_confirmation",
  "awaiting_survey",
  "reopened",
  "review_requested",
  "archived",
] as const;
// What a customer's separate consent covers (PIPL art. 29): for now, the bank's processing of
// sensitive personal financial information (ID numbers, accounts, income, loans, ID images).
export const consentPurposes = ["sensitive_financial"] as const;
// How the consent was given: ticked in the portal, or said to a member of staff who recorded it.
export const consentChannels = ["portal", "phone", "counter", "email"] as const;
// Why a member of staff asks to see personal data in full: the reveal form's short list.
export const revealReasons = ["verify_identity", "process_case", "legal_request", "other"] as const;
// A customer's request to close their account and erase their data; the transitions are in
// domain/privacy/privacy-request-lifecycle.ts.
export const privacyRequestStatuses = ["received", "in_progress", "completed", "refused"] as const;
