import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { complaints, conversations, serviceRequests, surveyInvitations, type SurveyInvitation, type SurveySubject } from "../../db/schema";
import { isUuid } from "../attachments/attachment-access";
import type { DomainContext } from "../context";
import { surveyNotFound, surveyProblem } from "./answer-survey";
import { invitationIdFromToken } from "./survey-links";

/**
 * A survey as its page shows it: what it is about (the kind, and the acceptance number or the
 * chat's date) and whether it can still be answered. Nothing personal: the page behind an
 * emailed link shows it to whoever holds the link.
 */
export interface SurveyView {
  id: string;
  subjectType: SurveySubject;
  /** The request's or complaint's acceptance number; null for a chat. */
  number: string | null;
  /** When the chat took place; null for a request or complaint. */
  chatDate: Date | null;
  expiresAt: Date;
  state: "open" | "answered" | "expired";
}

type Invitation = Pick<SurveyInvitation, "id" | "subjectType" | "subjectId" | "expiresAt" | "answeredAt" | "lapsedAt">;

async function describe(executor: Executor, invitations: Invitation[], now: Date): Promise<SurveyView[]> {
  const ids = (type: SurveySubject) => invitations.filter((i) => i.subjectType === type).map((i) => i.subjectId);
  const requestIds = ids("request");
  const complaintIds = ids("complaint");
  const chatIds = ids("chat");
  const numbers = new Map<string, string>();
  const chatDates = new Map<string, Date>();
  if (requestIds.length > 0) {
    const rows = await executor.select({ id: serviceRequests.id, number: serviceRequests.number }).from(serviceRequests).where(inArray(serviceRequests.id, requestIds));
    for (const row of rows) numbers.set(row.id, row.number);
  }
  if (complaintIds.length > 0) {
    const rows = await executor.select({ id: complaints.id, number: complaints.number }).from(complaints).where(inArray(complaints.id, complaintIds));
    for (const row of rows) numbers.set(row.id, row.number);
  }
  if (chatIds.length > 0) {
    const rows = await executor
      .select({ id: conversations.id, createdAt: conversations.createdAt, closedAt: conversations.closedAt })
      .from(conversations)
      .where(inArray(conversations.id, chatIds));
    for (const row of rows) chatDates.set(row.id, row.closedAt ?? row.createdAt);
  }
  return invitations.map((invitation) => ({
    id: invitation.id,
    subjectType: invitation.subjectType,
    number: numbers.get(invitation.subjectId) ?? null,
    chatDate: chatDates.get(invitation.subjectId) ?? null,
    expiresAt: invitation.expiresAt,
    state: surveyProblem(invitation, now) ?? "open",
  }));
}

/** The survey an emailed link is for, or null when the link is forged, malformed or unknown. */
export async function getSurveyByToken(ctx: DomainContext, input: { token: string }): Promise<SurveyView | null> {
  const id = invitationIdFromToken(ctx.cipher, input.token);
  if (!id) return null;
  const [invitation] = await ctx.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, id));
  if (!invitation) return null;
  const [view] = await describe(ctx.db, [invitation], ctx.now());
  return view ?? null;
}

/** One survey sent to the signed-in customer; another customer's is not found. */
export async function getCustomerSurvey(ctx: DomainContext, input: { customerId: string; id: string }): Promise<SurveyView> {
  if (!isUuid(input.id)) throw surveyNotFound();
  const [invitation] = await ctx.db
    .select()
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.id, input.id), eq(surveyInvitations.customerId, input.customerId)));
  if (!invitation) throw surveyNotFound();
  const [view] = await describe(ctx.db, [invitation], ctx.now());
  if (!view) throw surveyNotFound();
  return view;
}

/** The customer's surveys still waiting for an answer (unanswered, unexpired), oldest first. */
export async function findPendingSurveys(ctx: DomainContext, input: { customerId: string }): Promise<SurveyView[]> {
  const now = ctx.now();
  const invitations = await ctx.db
    .select()
    .from(surveyInvitations)
    .where(
      and(
        eq(surveyInvitations.customerId, input.customerId),
        isNull(surveyInvitations.answeredAt),
        isNull(surveyInvitations.lapsedAt),
        gt(surveyInvitations.expiresAt, now),
      ),
    )
    .orderBy(asc(surveyInvitations.createdAt));
  return describe(ctx.db, invitations, now);
}
