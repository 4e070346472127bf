import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { requestEvents, serviceRequests, users, type RequestStatus, type ServiceRequest, type User } from "../../db/schema";
import { enqueueEmail } from "../../emails/enqueue-email";
import type { TemplateName, TemplateParams } from "../../emails/templates";
import { storeAttachments, type ValidatedUpload } from "../attachments/add-attachments";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { nextStatus, type RequestEvent } from "./request-lifecycle";

/** Locks the request row for the rest of the transaction: one change at a time. */
export async function lockRequest(tx: Transaction, where: { id: string; customerId?: string }): Promise<ServiceRequest | undefined> {
  const conditions = [eq(serviceRequests.id, where.id)];
  if (where.customerId) conditions.push(eq(serviceRequests.customerId, where.customerId));
  const [row] = await tx.select().from(serviceRequests).where(and(...conditions)).for("update");
  return row;
}

/** An email of one of the templates with its parameters (the portal's address is added when sent). */
export type TemplatedEmail = { [T in TemplateName]: { template: T; params: TemplateParams[T] } }[TemplateName];

/** An email to the request's customer, in their language, sent if and only if the change commits. */
export async function emailCustomer(ctx: DomainContext, tx: Transaction, customerId: string, email: TemplatedEmail): Promise<void> {
  const [customer] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, customerId));
  if (customer) await emailTo(ctx, tx, customer, email);
}

/** The same, to a customer already read: the address and language on their account. */
export async function emailTo(ctx: DomainContext, tx: Transaction, customer: Pick<User, "email" | "locale">, email: TemplatedEmail): Promise<void> {
  await enqueueEmail(tx, {
    template: email.template,
    to: customer.email,
    locale: customer.locale,
    // TypeScript cannot tie the union's template to its own params here; TemplatedEmail does.
    params: { ...email.params, publicUrl: ctx.publicUrl } as never,
    now: ctx.now(),
  });
}

export interface TimelineEntry {
  kind: string;
  public: boolean;
  body?: string | null;
  data?: Record<string, unknown>;
  /** Files that come with this entry (an answer's proofs), already checked by validateUploads. */
  files?: readonly ValidatedUpload[];
}

/**
 * Writes one step of a request's life: the new status (checked against the lifecycle), the
 * other column changes, the timeline entry and the audit entry — all in the caller's
 * transaction, so they stand or fall together.
 */
export async function applyTransition(
  ctx: DomainContext,
  tx: Transaction,
  input: {
    request: ServiceRequest;
    event: RequestEvent | null;
    actorId: string;
    patch?: Partial<Omit<ServiceRequest, "id" | "status" | "version">>;
    entries: TimelineEntry[];
    email?: TemplatedEmail;
  },
): Promise<ServiceRequest> {
  const { request } = input;
  const now = ctx.now();
  const status: RequestStatus = input.event ? nextStatus(request.status, input.event) : request.status;
  const [updated] = await tx
    .update(serviceRequests)
    .set({ ...input.patch, status, updatedAt: now, version: request.version + 1 })
    .where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.version, request.version)))
    .returning();
  if (!updated) {
    throw new AppError("CONFLICT", { message: "request changed concurrently", userMessage: "request.changed_meanwhile" });
  }
  for (const entry of input.entries) {
    const [event] = await tx.insert(requestEvents).values({
      requestId: request.id,
      at: now,
      actorId: input.actorId,
      kind: entry.kind,
      public: entry.public,
      bodyEnc: entry.body ? ctx.cipher.encrypt(entry.body) : null,
      data: entry.data ?? null,
    }).returning({ id: requestEvents.id });
    if (entry.files?.length) {
      await storeAttachments(ctx, tx, { requestId: request.id, eventId: event?.id, uploadedBy: input.actorId, files: entry.files });
    }
  }
  if (input.email) await emailCustomer(ctx, tx, request.customerId, input.email);
  await recordAudit(tx, {
    actorId: input.actorId,
    action: `request.${input.entries[0]?.kind ?? "updated"}`,
    objectType: "service_request",
    objectId: request.id,
    before: { status: request.status, assigneeId: request.assigneeId, dueAt: request.dueAt },
    after: { status: updated.status, assigneeId: updated.assigneeId, dueAt: updated.dueAt },
  });
  return updated;
}
