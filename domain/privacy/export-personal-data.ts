import { and, asc, desc, eq } from "drizzle-orm";
import { auditLog, conversations, serviceRequests, surveyAnswers, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { findCustomerComplaints, getCustomerComplaint } from "../complaints/find-complaints";
import type { DomainContext } from "../context";
import { transcript } from "../conversations/conversations";
import { AppError } from "../errors";
import { findSessions } from "../sessions/sessions";
import { attachmentsOf, decryptRequestDetails, timeline } from "../service-requests/find-requests";
import { detailRows } from "../service-requests/request-views";
import { findCustomerPrivacyRequests } from "./find-privacy-requests";

export type PersonalDataFormat = "json" | "html";

/**
 * Everything the bank holds about the signed-in customer, in full (PIPL art. 45: a copy of their
 * own data): profile, requests with their customer-visible timeline and file list, complaints
 * with the timeline the customer may see (never internal notes or findings), chats, survey
 * answers, privacy requests, sessions and what they did as recorded in the audit trail. Every
 * query is by the customer's own id; each download is audited.
 */
export async function exportPersonalData(ctx: DomainContext, input: { customerId: string; format: PersonalDataFormat }) {
  const [user] = await ctx.db.select().from(users).where(and(eq(users.id, input.customerId), eq(users.kind, "customer")));
  if (!user || user.erasedAt) throw new AppError("NOT_FOUND", { message: "no customer to export", userMessage: "privacy.error.not_found" });

  const requestRows = await ctx.db.select().from(serviceRequests).where(eq(serviceRequests.customerId, user.id)).orderBy(asc(serviceRequests.submittedAt));
  const requests = [];
  for (const request of requestRows) {
    requests.push({
      number: request.number,
      type: request.type,
      status: request.status,
      submittedAt: request.submittedAt,
      dueAt: request.dueAt,
      decidedAt: request.decidedAt,
      details: detailRows(decryptRequestDetails(ctx, request), () => true).map(({ field, value }) => ({ field, value })),
      timeline: (await timeline(ctx, request.id, true)).map(({ at, kind, body }) => ({ at, kind, body })),
      attachments: (await attachmentsOf(ctx, request.id)).map(({ fileName, contentType, size, createdAt }) => ({ fileName, contentType, size, createdAt })),
    });
  }

  const complaints = [];
  for (const { number } of await findCustomerComplaints(ctx, { customerId: user.id, limit: 10_000 })) {
    const complaint = await getCustomerComplaint(ctx, { customerId: user.id, number });
    complaints.push({
      number: complaint.number,
      status: complaint.status,
      channel: complaint.channel,
      category: complaint.category,
      businessLine: complaint.businessLine,
      acceptedAt: complaint.acceptedAt,
      dueAt: complaint.dueAt,
      details: complaint.details,
      resolution: complaint.resolution,
      attachments: complaint.attachments.map(({ fileName }) => ({ fileName })),
      timeline: complaint.events.map(({ at, kind, body }) => ({ at, kind, body })),
    });
  }

  const chatRows = await ctx.db.select().from(conversations).where(eq(conversations.customerId, user.id)).orderBy(asc(conversations.createdAt));
  const chats = [];
  for (const chat of chatRows) {
    const messages = await transcript(ctx, { conversationId: chat.id, afterSeq: 0, withInternal: false });
    chats.push({
      startedAt: chat.createdAt,
      closedAt: chat.closedAt,
      status: chat.status,
      messages: messages.map(({ at, sender, senderName, text }) => ({ at, sender, senderName, text })),
    });
  }

  const answers = await ctx.db.select().from(surveyAnswers).where(eq(surveyAnswers.customerId, user.id)).orderBy(asc(surveyAnswers.createdAt));
  const audit = await ctx.db
    .select({ at: auditLog.at, action: auditLog.action, objectType: auditLog.objectType, objectId: auditLog.objectId })
    .from(auditLog)
    .where(eq(auditLog.actorId, user.id))
    .orderBy(desc(auditLog.seq));

  const data = {
    exportedAt: ctx.now(),
    profile: {
      name: user.name,
      email: user.email,
      mobile: user.mobileEnc ? ctx.cipher.decrypt(user.mobileEnc) : null,
      language: user.locale,
      twoFactor: user.totpEnabled,
      registeredAt: user.createdAt,
    },
    serviceRequests: requests,
    complaints,
    chats,
    surveys: answers.map((a) => ({ about: a.subjectType, answeredAt: a.createdAt, rating: a.rating, resolved: a.resolved, comment: a.commentEnc ? ctx.cipher.decrypt(a.commentEnc) : null })),
    privacyRequests: (await findCustomerPrivacyRequests(ctx, { customerId: user.id })).map(({ number, status, receivedAt, dueAt, closedAt, refusal }) => ({ number, status, receivedAt, dueAt, closedAt, refusal })),
    sessions: (await findSessions(ctx, user.id)).map((s) => ({ startedAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, browser: s.userAgent })),
    activity: audit,
  };

  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      actorId: user.id,
      action: "personal_data.exported",
      objectType: "user",
      objectId: user.id,
      after: { format: input.format, requests: requests.length, complaints: complaints.length, chats: chats.length, surveys: answers.length },
    }),
  );
  return data;
}

export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;
