import { asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/client";
import {
  chatMessages,
  complaints,
  conversations,
  privacyRequests,
  requestAttachments,
  serviceRequests,
  sessions,
  surveyAnswers,
  users,
} from "../../db/schema";
import type { DomainContext } from "../context";
import { maskEmail, maskMobile, maskName } from "../identity/masking";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { PRIVACY_DESK_ROLES, privacyRequestNotFound } from "./privacy-access";
import { OPEN_PRIVACY_STATUSES } from "./privacy-request-lifecycle";
import { LEGAL_RETENTION_YEARS } from "./retention-rules";

const summaryColumns = {
  number: privacyRequests.number,
  status: privacyRequests.status,
  receivedAt: privacyRequests.receivedAt,
  dueAt: privacyRequests.dueAt,
  startedAt: privacyRequests.startedAt,
  closedAt: privacyRequests.closedAt,
};

/** The customer's own privacy requests, newest first, with the bank's reason when it refused. */
export async function findCustomerPrivacyRequests(ctx: DomainContext, input: { customerId: string }) {
  const rows = await ctx.db
    .select({ ...summaryColumns, refusalEnc: privacyRequests.refusalEnc })
    .from(privacyRequests)
    .where(eq(privacyRequests.customerId, input.customerId))
    .orderBy(desc(privacyRequests.receivedAt));
  return rows.map(({ refusalEnc, ...row }) => ({ ...row, refusal: refusalEnc ? ctx.cipher.decrypt(refusalEnc) : null }));
}

/** The compliance desk's list: open requests first, soonest due first; then the closed ones. */
export async function findPrivacyQueue(ctx: DomainContext, input: { actor: StaffActor; open: boolean }) {
  requireAnyRole(input.actor, PRIVACY_DESK_ROLES);
  const statuses = input.open ? OPEN_PRIVACY_STATUSES : (["completed", "refused"] as const);
  const rows = await ctx.db
    .select({ ...summaryColumns, customerName: users.name })
    .from(privacyRequests)
    .innerJoin(users, eq(users.id, privacyRequests.customerId))
    .where(inArray(privacyRequests.status, [...statuses]))
    .orderBy(input.open ? asc(privacyRequests.dueAt) : desc(privacyRequests.closedAt))
    .limit(200);
  return rows.map(({ customerName, ...row }) => ({ ...row, customer: maskName(customerName) }));
}

/** What an erasure does with each kind of record the bank holds about the customer, and why. */
export type HoldingKind = "service_requests" | "request_files" | "complaints" | "chats" | "chat_messages" | "survey_answers" | "sessions";
export type Disposition = "retain" | "erase";

const HOLDINGS: { kind: HoldingKind; disposition: Disposition; count: (db: Executor, customerId: string) => Promise<number> }[] = [
  { kind: "service_requests", disposition: "retain", count: (db, id) => countOf(db, serviceRequests, eq(serviceRequests.customerId, id)) },
  {
    kind: "request_files",
    disposition: "erase",
    count: (db, id) =>
      countOf(db, requestAttachments, inArray(requestAttachments.requestId, db.select({ id: serviceRequests.id }).from(serviceRequests).where(eq(serviceRequests.customerId, id)))),
  },
  { kind: "complaints", disposition: "retain", count: (db, id) => countOf(db, complaints, eq(complaints.customerId, id)) },
  { kind: "chats", disposition: "erase", count: (db, id) => countOf(db, conversations, eq(conversations.customerId, id)) },
  {
    kind: "chat_messages",
    disposition: "erase",
    count: (db, id) =>
      countOf(db, chatMessages, inArray(chatMessages.conversationId, db.select({ id: conversations.id }).from(conversations).where(eq(conversations.customerId, id)))),
  },
  { kind: "survey_answers", disposition: "erase", count: (db, id) => countOf(db, surveyAnswers, eq(surveyAnswers.customerId, id)) },
  { kind: "sessions", disposition: "erase", count: (db, id) => countOf(db, sessions, eq(sessions.userId, id)) },
];

async function countOf(db: Executor, table: PgTable, where: SQL): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

/**
 * One request as the compliance desk sees it: the customer masked, their reason, and what the bank
 * holds about them — what an erasure removes and what the law makes it keep, and for how long.
 */
export async function getDeskPrivacyRequest(ctx: DomainContext, input: { actor: StaffActor; number: string }) {
  requireAnyRole(input.actor, PRIVACY_DESK_ROLES);
  const [row] = await ctx.db
    .select({ request: privacyRequests, customer: users })
    .from(privacyRequests)
    .innerJoin(users, eq(users.id, privacyRequests.customerId))
    .where(eq(privacyRequests.number, input.number));
  if (!row) throw privacyRequestNotFound();
  const { request, customer } = row;
  const holdings = [];
  for (const holding of HOLDINGS) holdings.push({ kind: holding.kind, disposition: holding.disposition, count: await holding.count(ctx.db, customer.id) });
  return {
    request: {
      number: request.number,
      status: request.status,
      receivedAt: request.receivedAt,
      dueAt: request.dueAt,
      startedAt: request.startedAt,
      closedAt: request.closedAt,
      reason: request.reasonEnc ? ctx.cipher.decrypt(request.reasonEnc) : null,
      refusal: request.refusalEnc ? ctx.cipher.decrypt(request.refusalEnc) : null,
    },
    customer: {
      name: maskName(customer.name),
      email: maskEmail(customer.email),
      mobile: customer.mobileEnc ? maskMobile(ctx.cipher.decrypt(customer.mobileEnc)) : "",
      erasedAt: customer.erasedAt,
      retainedUntil: customer.retainedUntil,
    },
    holdings,
    retentionYears: LEGAL_RETENTION_YEARS,
  };
}
