import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  requestApprovals,
  requestAttachments,
  requestEvents,
  serviceRequests,
  users,
  type RequestStatus,
  type RequestType,
  type ServiceRequest,
  openRequestStatuses,
  queueOrder,
} from "../../db/schema";
import type { DomainContext } from "../context";
import { maskMobile } from "../identity/masking";
import { revealableKinds } from "../identity/reveal-policy";
import { findReveals } from "../identity/reveal-trail";
import { REQUEST_STAFF_ROLES, requestNotFound, requireAnyRole, type StaffActor } from "./request-access";
import type { RequestDetails } from "./request-schemas";
import { allowedStaffActions, detailRows, personalDataKinds } from "./request-views";
import { notRetained } from "../privacy/privacy-access";

const summaryColumns = {
  id: serviceRequests.id,
  number: serviceRequests.number,
  type: serviceRequests.type,
  status: serviceRequests.status,
  dueAt: serviceRequests.dueAt,
  slaState: serviceRequests.slaState,
  clockKind: serviceRequests.clockKind,
  submittedAt: serviceRequests.submittedAt,
  updatedAt: serviceRequests.updatedAt,
};

/** "My requests": the customer's own, newest first. */
export function findCustomerRequests(ctx: DomainContext, input: { customerId: string; limit?: number }) {
  return ctx.db
    .select(summaryColumns)
    .from(serviceRequests)
    .where(eq(serviceRequests.customerId, input.customerId))
    .orderBy(desc(serviceRequests.submittedAt))
    .limit(input.limit ?? 100);
}

/** Requests on one page of a customer's "my requests". */
export const MY_REQUESTS_PAGE = 20;

/**
 * One page of the customer's own requests, newest first: after their request numbered `after`
 * when given (keyset: the page costs the same however deep it is). `next` is the number to ask
 * the next page after, or null on the last page; after a number that is not theirs the page is
 * empty.
 */
export async function findCustomerRequestPage(ctx: DomainContext, input: { customerId: string; after?: string | null }) {
  const conditions: SQL[] = [eq(serviceRequests.customerId, input.customerId)];
  if (input.after) {
    const [previous] = await ctx.db
      .select({ submittedAt: serviceRequests.submittedAt, id: serviceRequests.id })
      .from(serviceRequests)
      .where(and(eq(serviceRequests.number, input.after), eq(serviceRequests.customerId, input.customerId)));
    if (!previous) return { rows: [], next: null };
    // The first condition bounds the index range; the second breaks ties within one instant.
    conditions.push(lte(serviceRequests.submittedAt, previous.submittedAt), sql`(${serviceRequests.submittedAt}, ${serviceRequests.id}) < (${previous.submittedAt}, ${previous.id})`);
  }
  const rows = await ctx.db
    .select(summaryColumns)
    .from(serviceRequests)
    .where(and(...conditions))
    .orderBy(desc(serviceRequests.submittedAt), desc(serviceRequests.id))
    .limit(MY_REQUESTS_PAGE + 1);
  return { rows: rows.slice(0, MY_REQUESTS_PAGE), next: rows.length > MY_REQUESTS_PAGE ? rows[MY_REQUESTS_PAGE - 1]!.number : null };
}

export function decryptRequestDetails(ctx: DomainContext, request: ServiceRequest): RequestDetails {
  return JSON.parse(ctx.cipher.decrypt(request.detailsEnc)) as RequestDetails;
}

export async function timeline(ctx: DomainContext, requestId: string, publicOnly: boolean) {
  const conditions = [eq(requestEvents.requestId, requestId)];
  if (publicOnly) conditions.push(eq(requestEvents.public, true));
  const rows = await ctx.db
    .select({ event: requestEvents, actorName: users.name })
    .from(requestEvents)
    .leftJoin(users, eq(users.id, requestEvents.actorId))
    .where(and(...conditions))
    .orderBy(asc(requestEvents.at));
  return rows.map(({ event, actorName }) => ({
    id: event.id,
    at: event.at,
    kind: event.kind,
    public: event.public,
    body: event.bodyEnc ? ctx.cipher.decrypt(event.bodyEnc) : null,
    data: (event.data ?? {}) as Record<string, unknown>,
    // Customers see what happened, not which member of staff did it.
    actorName: publicOnly ? null : actorName,
  }));
}

export function attachmentsOf(ctx: DomainContext, requestId: string) {
  return ctx.db
    .select({
      id: requestAttachments.id,
      fileName: requestAttachments.fileName,
      contentType: requestAttachments.contentType,
      size: requestAttachments.size,
      createdAt: requestAttachments.createdAt,
    })
    .from(requestAttachments)
    .where(eq(requestAttachments.requestId, requestId))
    .orderBy(asc(requestAttachments.createdAt));
}

/** One of the customer's own requests, by acceptance number: the public timeline only. */
export async function getCustomerRequest(ctx: DomainContext, input: { customerId: string; number: string }) {
  const [request] = await ctx.db
    .select()
    .from(serviceRequests)
    .where(and(eq(serviceRequests.number, input.number), eq(serviceRequests.customerId, input.customerId)));
  if (!request) throw requestNotFound();
  return {
    request,
    details: detailRows(decryptRequestDetails(ctx, request)),
    events: await timeline(ctx, request.id, true),
    attachments: await attachmentsOf(ctx, request.id),
  };
}

export type QueueFilter = {
  type?: RequestType;
  status?: RequestStatus;
  assignee?: "me" | "unassigned";
  sla?: "at_risk" | "overdue";
};

/** Requests on one page of the desk's queue. */
export const QUEUE_PAGE = 50;

/**
 * One page of the desk's queue, soonest due first (no due time last), then oldest first: after
 * the request numbered `after` when given (keyset: the page costs the same however deep it is).
 * `next` is the number to ask the next page after, or null on the last page; a page after a
 * number that no longer exists is empty.
 */
export async function findRequestQueue(ctx: DomainContext, input: { actor: StaffActor; filter: QueueFilter; after?: string | null }) {
  requireAnyRole(input.actor, REQUEST_STAFF_ROLES);
  const conditions: SQL[] = [];
  const { filter } = input;
  if (filter.type) conditions.push(eq(serviceRequests.type, filter.type));
  conditions.push(filter.status ? eq(serviceRequests.status, filter.status) : inArray(serviceRequests.status, [...openRequestStatuses]));
  if (filter.assignee === "me") conditions.push(eq(serviceRequests.assigneeId, input.actor.userId));
  if (filter.assignee === "unassigned") conditions.push(isNull(serviceRequests.assigneeId));
  if (filter.sla) conditions.push(eq(serviceRequests.slaState, filter.sla));
  conditions.push(notRetained(ctx.db, serviceRequests.customerId));
  const key = sql`(${queueOrder(serviceRequests.dueAt)}, ${serviceRequests.submittedAt}, ${serviceRequests.id})`;
  if (input.after) {
    const previous = alias(serviceRequests, "previous");
    conditions.push(
      sql`${key} > (${ctx.db
        .select({ order: queueOrder(previous.dueAt), submittedAt: previous.submittedAt, id: previous.id })
        .from(previous)
        .where(eq(previous.number, input.after))})`,
    );
  }
  const rows = await ctx.db
    .select({ ...summaryColumns, assigneeName: users.name })
    .from(serviceRequests)
    .leftJoin(users, eq(users.id, serviceRequests.assigneeId))
    .where(and(...conditions))
    .orderBy(queueOrder(serviceRequests.dueAt), asc(serviceRequests.submittedAt), asc(serviceRequests.id))
    .limit(QUEUE_PAGE + 1);
  return { rows: rows.slice(0, QUEUE_PAGE), next: rows.length > QUEUE_PAGE ? rows[QUEUE_PAGE - 1]!.number : null };
}

/** A request and its customer, for staff who work on requests. */
export async function requireStaffRequestRow(ctx: DomainContext, input: { actor: StaffActor; number: string }) {
  requireAnyRole(input.actor, REQUEST_STAFF_ROLES);
  const [row] = await ctx.db
    .select({ request: serviceRequests, customer: users })
    .from(serviceRequests)
    .innerJoin(users, eq(users.id, serviceRequests.customerId))
    .where(and(eq(serviceRequests.number, input.number), notRetained(ctx.db, serviceRequests.customerId)));
  if (!row) throw requestNotFound();
  return row;
}

/**
 * A request as the desk sees it: the whole timeline with internal notes, personal data always
 * masked. What this member of staff could reveal (`revealable`) is shown in full only by
 * `revealStaffRequest`, on a reason; `reveals` lists who did so before, when and why.
 */
export async function getStaffRequest(ctx: DomainContext, input: { actor: StaffActor; number: string }) {
  const { request, customer } = await requireStaffRequestRow(ctx, input);
  const approvals = await ctx.db
    .select({ approval: requestApprovals, deciderName: users.name })
    .from(requestApprovals)
    .innerJoin(users, eq(users.id, requestApprovals.decidedBy))
    .where(eq(requestApprovals.requestId, request.id))
    .orderBy(asc(requestApprovals.step));
  const mobile = customer.mobileEnc ? ctx.cipher.decrypt(customer.mobileEnc) : "";
  const details = decryptRequestDetails(ctx, request);
  return {
    request,
    customer: { name: customer.name, mobile: maskMobile(mobile) },
    details: detailRows(details),
    revealable: revealableKinds(input.actor.roles, ["mobile", ...personalDataKinds(details)]),
    reveals: await findReveals(ctx, { objectType: "service_request", objectId: request.id }),
    events: await timeline(ctx, request.id, false),
    approvals: approvals.map(({ approval, deciderName }) => ({ ...approval, deciderName })),
    attachments: await attachmentsOf(ctx, request.id),
    actions: allowedStaffActions(request, input.actor, approvals.map((a) => a.approval.decidedBy)),
  };
}

/** Tracking without signing in: the number plus the mobile number used; the status only. */
export async function trackRequest(ctx: DomainContext, input: { number: string; mobile: string }) {
  const [row] = await ctx.db
    .select({ status: serviceRequests.status, type: serviceRequests.type, submittedAt: serviceRequests.submittedAt, trackingKey: serviceRequests.trackingKey })
    .from(serviceRequests)
    .where(and(eq(serviceRequests.number, input.number), notRetained(ctx.db, serviceRequests.customerId)));
  if (!row || row.trackingKey !== ctx.cipher.blindIndex(input.mobile)) return null;
  return { status: row.status, type: row.type, submittedAt: row.submittedAt };
}
