import crypto from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Executor, Transaction } from "../../db/client";
import {
  auditLog,
  complaintAttachments,
  complaintEvents,
  complaints,
  type Complaint,
  type ComplaintBusinessLine,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
} from "../../db/schema";
import { emailSupervisors } from "../accounts/email-supervisors";
import { canonicalJson } from "../audit/canonical";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import type { PiiCipher } from "../identity/pii-cipher";
import { nextAcceptanceNumber } from "../service-requests/acceptance-number";
import { emailCustomer, type TemplatedEmail } from "../service-requests/request-records";
import { inviteSurvey } from "../surveys/invite-survey";
import { DECISION_DAYS, decisionDueAt } from "./complaint-deadlines";
import { nextStatus, reopenCountAfter, type ComplaintEvent } from "./complaint-lifecycle";
import type { ComplaintDetails } from "./complaint-schemas";
import { getComplaintSettings } from "./complaint-settings";

/** Who changes a complaint: a person (customer or staff), or the system (a job, the clock). */
export type ComplaintActor = { userId: string } | "system";

/** One entry of a complaint's timeline. Internal entries (findings, notes) never reach the customer. */
export interface ComplaintEntry {
  kind: string;
  public: boolean;
  body?: string | null;
  data?: Record<string, unknown>;
}

export const complaintNotFound = () =>
  new AppError("NOT_FOUND", { message: "no such complaint for this viewer", userMessage: "complaint.not_found" });

/** Locks the complaint's row for the rest of the transaction: one change at a time. */
export async function lockComplaint(tx: Transaction, where: { number: string; customerId?: string }): Promise<Complaint> {
  const conditions = [eq(complaints.number, where.number)];
  if (where.customerId) conditions.push(eq(complaints.customerId, where.customerId));
  const [row] = await tx.select().from(complaints).where(and(...conditions)).for("update");
  if (!row) throw complaintNotFound();
  return row;
}

export async function lockComplaintById(tx: Transaction, id: string): Promise<Complaint> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, id)).for("update");
  if (!row) throw complaintNotFound();
  return row;
}

/**
 * Inserts a new complaint as received, with its first timeline entry and audit entry, in the
 * caller's transaction: an acceptance number from the one daily sequence, the regulator's
 * 15-day clock started now. The caller moves it on (acknowledged, or a review opened).
 */
export async function createComplaint(
  ctx: DomainContext,
  tx: Transaction,
  input: {
    customerId: string;
    channel: ComplaintChannel;
    category: ComplaintCategory;
    businessLine: ComplaintBusinessLine;
    severity: ComplaintSeverity;
    /** Already checked against ComplaintDetailsSchema. */
    details: ComplaintDetails;
    /** Who took it down: the customer, or the agent who did on their behalf. */
    actorId: string;
    conversationId?: string | null;
    reviewOf?: { id: string; number: string; firstInvestigatorId: string | null } | null;
    data?: Record<string, unknown>;
  },
): Promise<Complaint> {
  const now = ctx.now();
  const number = await nextAcceptanceNumber(tx, now);
  const dueAt = decisionDueAt(now, DECISION_DAYS);
  const [complaint] = await tx
    .insert(complaints)
    .values({
      number,
      customerId: input.customerId,
      channel: input.channel,
      status: "received",
      category: input.category,
      businessLine: input.businessLine,
      severity: input.severity,
      detailsEnc: ctx.cipher.encrypt(JSON.stringify(input.details)),
      allowanceDays: DECISION_DAYS,
      acceptedAt: now,
      dueAt,
      conversationId: input.conversationId ?? null,
      reviewOfId: input.reviewOf?.id ?? null,
      firstInvestigatorId: input.reviewOf?.firstInvestigatorId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!complaint) throw new Error("insert returned no row");
  const data = { channel: input.channel, ...(input.reviewOf ? { reviewOf: input.reviewOf.number } : {}), ...input.data };
  await tx.insert(complaintEvents).values({ complaintId: complaint.id, at: now, actorId: input.actorId, kind: "received", public: true, data });
  await recordAudit(tx, {
    actorId: input.actorId,
    action: "complaint.received",
    objectType: "complaint",
    objectId: complaint.id,
    after: {
      number,
      channel: input.channel,
      status: complaint.status,
      category: complaint.category,
      businessLine: complaint.businessLine,
      severity: complaint.severity,
      dueAt,
      ...(input.reviewOf ? { reviewOf: input.reviewOf.id } : {}),
    },
  });
  return complaint;
}

const YEAR_MS = 365.25 * 86_400_000;

/**
 * Writes one step of a complaint's life, in the caller's transaction: the new status (checked
 * against the lifecycle), the reopen count, the other column changes, the timeline entries, the
 * customer's email and the audit entry. What a status brings with it happens here, whoever
 * caused it:
 * - reopened or review requested: a fresh 15-day decision clock, and the supervisors are told;
 * - awaiting the survey: the survey is sent;
 * - archived: the case is sealed — its content hash goes into the row and the audit trail, with
 *   the date it may be deleted — and the database refuses any change to it from then on.
 */
export async function applyComplaintTransition(
  ctx: DomainContext,
  tx: Transaction,
  input: {
    complaint: Complaint;
    event: ComplaintEvent | null;
    actor: ComplaintActor;
    patch?: Partial<Omit<Complaint, "id" | "status" | "reopenCount" | "archivedAt" | "retainUntil" | "contentHash">>;
    entries: ComplaintEntry[];
    email?: TemplatedEmail;
  },
): Promise<Complaint> {
  const { complaint, event } = input;
  if (complaint.archivedAt) {
    throw new AppError("CONFLICT", { message: "complaint is archived", userMessage: "complaint.archived_read_only" });
  }
  const now = ctx.now();
  const status = event ? nextStatus(complaint.status, event) : complaint.status;
  const actorId = input.actor === "system" ? null : input.actor.userId;
  // A key left undefined changes nothing in the row, so it must change nothing here either.
  const patch = Object.fromEntries(Object.entries(input.patch ?? {}).filter(([, value]) => value !== undefined));
  let next: Complaint = {
    ...complaint,
    ...patch,
    status,
    reopenCount: event ? reopenCountAfter(complaint.reopenCount, event) : complaint.reopenCount,
    updatedAt: now,
  };
  const restartsClock = status !== complaint.status && (status === "reopened" || status === "review_requested");
  if (restartsClock) next = { ...next, allowanceDays: DECISION_DAYS, dueAt: decisionDueAt(now, DECISION_DAYS), overdueAlertedAt: null };

  const entries = input.entries.map((entry) => ({
    complaintId: complaint.id,
    at: now,
    actorId,
    kind: entry.kind,
    public: entry.public,
    bodyEnc: entry.body ? ctx.cipher.encrypt(entry.body) : null,
    data: entry.data ?? null,
  }));
  if (status === "archived") {
    const { retentionYears } = await getComplaintSettings(tx);
    next = { ...next, archivedAt: now, retainUntil: new Date(now.getTime() + retentionYears * YEAR_MS) };
    const existing = await tx.select().from(complaintEvents).where(eq(complaintEvents.complaintId, complaint.id));
    const files = await tx.select().from(complaintAttachments).where(eq(complaintAttachments.complaintId, complaint.id));
    next = { ...next, contentHash: contentHash(ctx.cipher, next, [...existing, ...entries], files) };
  }

  const { id: _id, ...columns } = next;
  await tx.update(complaints).set(columns).where(eq(complaints.id, complaint.id));
  if (entries.length > 0) await tx.insert(complaintEvents).values(entries);
  if (input.email) await emailCustomer(ctx, tx, complaint.customerId, input.email);
  if (restartsClock) {
    await emailSupervisors(ctx, tx, {
      template: "complaint.supervisor_alert",
      params: { number: complaint.number, alert: status === "reopened" ? "reopened" : "review_requested", dueAt: next.dueAt },
    });
  }
  if (status === "awaiting_survey" && complaint.status !== "awaiting_survey") {
    await inviteSurvey(ctx, tx, {
      subjectType: "complaint",
      subjectId: complaint.id,
      customerId: complaint.customerId,
      number: complaint.number,
      channel: complaint.channel,
      complaintCategory: complaint.category,
      agentId: next.investigatorId,
    });
  }
  await recordAudit(tx, {
    actorId: actorId ?? "system:complaints",
    action: `complaint.${input.entries[0]?.kind ?? "updated"}`,
    objectType: "complaint",
    objectId: complaint.id,
    before: { status: complaint.status, investigatorId: complaint.investigatorId, dueAt: complaint.dueAt, reopenCount: complaint.reopenCount, severity: complaint.severity },
    after: { status: next.status, investigatorId: next.investigatorId, dueAt: next.dueAt, reopenCount: next.reopenCount, severity: next.severity },
  });
  if (status === "archived") {
    await recordAudit(tx, {
      actorId: "system:complaints",
      action: "complaint.archived",
      objectType: "complaint",
      objectId: complaint.id,
      after: { contentHash: next.contentHash, retainUntil: next.retainUntil },
    });
  }
  return next;
}

type EventContent = Pick<typeof complaintEvents.$inferSelect, "at" | "actorId" | "kind" | "public" | "bodyEnc" | "data">;
type FileContent = Pick<typeof complaintAttachments.$inferSelect, "fileName" | "contentType" | "size" | "sha256" | "uploadedBy" | "createdAt">;

/**
 * The SHA-256 of an archived case's content: the complaint with its texts in clear, its whole
 * timeline and its files' hashes, as canonical JSON in an order that does not depend on how rows
 * come back — so it verifies after a backup is restored or the data key is rotated. Operational
 * columns (last update, alert bookkeeping) are not content.
 */
function contentHash(cipher: PiiCipher, complaint: Complaint, events: readonly EventContent[], files: readonly FileContent[]): string {
  const { contentHash: _hash, updatedAt: _updated, overdueAlertedAt: _alerted, id: _id, detailsEnc, resolutionEnc, ...columns } = complaint;
  const sorted = <T>(items: T[]) => items.map(canonicalJson).sort();
  const content = {
    complaint: { ...columns, details: cipher.decrypt(detailsEnc), resolution: resolutionEnc ? cipher.decrypt(resolutionEnc) : null },
    events: sorted(
      events.map((e) => ({ at: e.at, actorId: e.actorId, kind: e.kind, public: e.public, body: e.bodyEnc ? cipher.decrypt(e.bodyEnc) : null, data: e.data })),
    ),
    files: sorted(files.map((f) => ({ fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256, uploadedBy: f.uploadedBy, createdAt: f.createdAt }))),
  };
  return crypto.createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/**
 * Recomputes an archived complaint's content hash and compares it with the one sealed in the
 * audit trail at archiving (and the copy in its row).
 */
export async function verifyArchivedComplaint(
  ctx: DomainContext,
  db: Executor,
  complaintId: string,
): Promise<{ ok: boolean; sealed: string | null; recomputed: string | null }> {
  const [complaint] = await db.select().from(complaints).where(eq(complaints.id, complaintId));
  if (!complaint?.archivedAt) return { ok: false, sealed: null, recomputed: null };
  const events = await db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, complaintId));
  const files = await db.select().from(complaintAttachments).where(eq(complaintAttachments.complaintId, complaintId));
  const [seal] = await db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.objectType, "complaint"), eq(auditLog.objectId, complaintId), eq(auditLog.action, "complaint.archived")))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const sealed = (seal?.after as { contentHash?: string } | undefined)?.contentHash ?? null;
  const recomputed = contentHash(ctx.cipher, complaint, events, files);
  return { ok: sealed !== null && sealed === recomputed && complaint.contentHash === recomputed, sealed, recomputed };
}
