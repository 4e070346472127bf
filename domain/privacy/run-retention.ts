import { and, eq, inArray, isNotNull, lt, lte, notExists } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import {
  chatMessages,
  complaintAttachments,
  complaintEvents,
  complaints,
  conversations,
  outbox,
  requestApprovals,
  requestAttachments,
  requestEvents,
  serviceRequests,
  slaAlerts,
  surveyAnswers,
  users,
} from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { expiredBefore, OUTBOX_RETENTION_DAYS, SURVEY_COMMENT_RETENTION_YEARS } from "./retention-rules";

const BATCH = 100;
const YEAR_DAYS = 365;

export type RetentionKind = "complaints" | "service_requests" | "conversations" | "outbox" | "survey_comments";
export type RetentionCounts = Record<RetentionKind, number>;

interface RetentionRule {
  kind: RetentionKind;
  /** Claims up to BATCH expired rows with FOR UPDATE SKIP LOCKED, so two instances never take the same ones. */
  claim(tx: Transaction, now: Date): Promise<string[]>;
  /** Deletes (or empties) the claimed rows; returns the attachment files to delete after the commit. */
  remove(tx: Transaction, ids: string[]): Promise<string[]>;
}

/** The customers erased at their request whose retention period is over. */
const expiredCustomers = (tx: Transaction, now: Date) =>
  tx
    .select({ id: users.id })
    .from(users)
    .where(and(isNotNull(users.erasedAt), lte(users.retainedUntil, now)));

const RULES: RetentionRule[] = [
  {
    // Archived complaints past the retention date stamped at archiving (ADR 007): the seal lets
    // exactly this delete through (migration 0014), with the case's timeline and files.
    kind: "complaints",
    claim: async (tx, now) =>
      (
        await tx
          .select({ id: complaints.id })
          .from(complaints)
          .where(and(isNotNull(complaints.archivedAt), lte(complaints.retainUntil, now)))
          .limit(BATCH)
          .for("update", { skipLocked: true })
      ).map((r) => r.id),
    remove: async (tx, ids) => {
      await tx.delete(complaintEvents).where(inArray(complaintEvents.complaintId, ids));
      const files = await tx.delete(complaintAttachments).where(inArray(complaintAttachments.complaintId, ids)).returning({ key: complaintAttachments.storageKey });
      await tx.delete(complaints).where(inArray(complaints.id, ids));
      return files.map((f) => f.key);
    },
  },
  {
    // The requests (identity and transaction records) of an erased customer, kept five years.
    kind: "service_requests",
    claim: async (tx, now) =>
      (
        await tx
          .select({ id: serviceRequests.id })
          .from(serviceRequests)
          .where(inArray(serviceRequests.customerId, expiredCustomers(tx, now)))
          .limit(BATCH)
          .for("update", { skipLocked: true })
      ).map((r) => r.id),
    remove: async (tx, ids) => {
      await tx.delete(requestApprovals).where(inArray(requestApprovals.requestId, ids));
      await tx.delete(slaAlerts).where(inArray(slaAlerts.requestId, ids));
      const files = await tx.delete(requestAttachments).where(inArray(requestAttachments.requestId, ids)).returning({ key: requestAttachments.storageKey });
      await tx.delete(requestEvents).where(inArray(requestEvents.requestId, ids));
      await tx.delete(serviceRequests).where(inArray(serviceRequests.id, ids));
      return files.map((f) => f.key);
    },
  },
  {
    // An erased customer's chats once their period is over — but not one a complaint still keeps as evidence.
    kind: "conversations",
    claim: async (tx, now) =>
      (
        await tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(
            and(
              inArray(conversations.customerId, expiredCustomers(tx, now)),
              notExists(tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.conversationId, conversations.id))),
            ),
          )
          .limit(BATCH)
          .for("update", { skipLocked: true })
      ).map((r) => r.id),
    remove: async (tx, ids) => {
      await tx.delete(chatMessages).where(inArray(chatMessages.conversationId, ids));
      await tx.delete(conversations).where(inArray(conversations.id, ids));
      return [];
    },
  },
  {
    // Emails are kept 90 days after they were sent (or given up on), then the address and text go.
    kind: "outbox",
    claim: async (tx, now) =>
      (
        await tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(inArray(outbox.status, ["sent", "dead"]), lt(outbox.createdAt, expiredBefore(now, OUTBOX_RETENTION_DAYS))))
          .limit(BATCH)
          .for("update", { skipLocked: true })
      ).map((r) => r.id),
    remove: async (tx, ids) => {
      await tx.delete(outbox).where(inArray(outbox.id, ids));
      return [];
    },
  },
  {
    // A survey's comment is kept three years; the score stays for the statistics.
    kind: "survey_comments",
    claim: async (tx, now) =>
      (
        await tx
          .select({ id: surveyAnswers.id })
          .from(surveyAnswers)
          .where(and(isNotNull(surveyAnswers.commentEnc), lt(surveyAnswers.createdAt, expiredBefore(now, SURVEY_COMMENT_RETENTION_YEARS * YEAR_DAYS))))
          .limit(BATCH)
          .for("update", { skipLocked: true })
      ).map((r) => r.id),
    remove: async (tx, ids) => {
      await tx.update(surveyAnswers).set({ commentEnc: null }).where(inArray(surveyAnswers.id, ids));
      return [];
    },
  },
];

/**
 * The data-retention job: deletes what the inventory's retention periods say has expired, in
 * batches claimed with FOR UPDATE SKIP LOCKED, each batch in one transaction with a
 * `retention.deleted` audit entry carrying its kind and count (never what was deleted). Any
 * number of instances may run it at once: each row goes exactly once. Attachment files are
 * deleted after their rows' transaction commits.
 */
export async function runRetention(ctx: DomainContext): Promise<RetentionCounts> {
  const now = ctx.now();
  const counts: RetentionCounts = { complaints: 0, service_requests: 0, conversations: 0, outbox: 0, survey_comments: 0 };
  for (const rule of RULES) {
    for (;;) {
      const batch = await ctx.db.transaction(async (tx) => {
        const ids = await rule.claim(tx, now);
        if (ids.length === 0) return null;
        const storageKeys = await rule.remove(tx, ids);
        await recordAudit(tx, { actorId: "system:retention", action: "retention.deleted", objectType: rule.kind, after: { count: ids.length, before: now } });
        return { count: ids.length, storageKeys };
      });
      if (!batch) break;
      counts[rule.kind] += batch.count;
      for (const key of batch.storageKeys) await ctx.attachments.delete(key);
    }
  }
  return counts;
}
