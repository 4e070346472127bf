import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { complaintAttachments, complaintEvents, complaints, users } from "../../db/schema";
import type { DomainContext } from "../context";
import { transcript } from "../conversations/conversations";
import { maskMobile, maskName } from "../identity/masking";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { extensionChoices } from "./complaint-deadlines";
import { fourEyesProblem } from "./complaint-lifecycle";
import { complaintNotFound } from "./complaint-records";
import type { ComplaintDetails } from "./complaint-schemas";
import { allowedComplaintActions, COMPLAINT_READ_ROLES, isSupervisor } from "./desk-complaint-access";
import { deadlineView } from "./find-desk-complaints";
import { findInvestigators } from "./assign-investigator";
import { parseResolution } from "./propose-resolution";
import { notRetained } from "../privacy/privacy-access";

/**
 * A complaint as the desk sees it: the customer masked (name and mobile), what they told us,
 * their files, the chat it came from, the whole timeline with internal entries and who wrote
 * each, the resolution on the table, the deadline, and what the viewer may do now.
 */
export async function getDeskComplaint(ctx: DomainContext, input: { actor: StaffActor; number: string }) {
  requireAnyRole(input.actor, COMPLAINT_READ_ROLES);
  const [row] = await ctx.db
    .select({ complaint: complaints, customerName: users.name, customerMobileEnc: users.mobileEnc })
    .from(complaints)
    .innerJoin(users, eq(users.id, complaints.customerId))
    .where(and(eq(complaints.number, input.number), notRetained(ctx.db, complaints.customerId)));
  if (!row) throw complaintNotFound();
  const { complaint } = row;
  const now = ctx.now();

  const events = await ctx.db
    .select({ event: complaintEvents, actorName: users.name })
    .from(complaintEvents)
    .leftJoin(users, eq(users.id, complaintEvents.actorId))
    .where(eq(complaintEvents.complaintId, complaint.id))
    .orderBy(asc(complaintEvents.at), sql`case when ${complaintEvents.kind} = 'received' then 0 else 1 end`);
  const attachments = await ctx.db
    .select({ id: complaintAttachments.id, fileName: complaintAttachments.fileName, size: complaintAttachments.size })
    .from(complaintAttachments)
    .where(eq(complaintAttachments.complaintId, complaint.id))
    .orderBy(asc(complaintAttachments.createdAt));
  const assignedIds = events.map(({ event }) => (event.data as { investigatorId?: unknown } | null)?.investigatorId);
  const staffIds = [...new Set([complaint.investigatorId, complaint.firstInvestigatorId, complaint.proposedBy, ...assignedIds])].filter(
    (id): id is string => typeof id === "string",
  );
  const names = new Map(
    staffIds.length > 0
      ? (await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, staffIds))).map((u) => [u.id, u.name])
      : [],
  );
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const [reviewOf] = complaint.reviewOfId
    ? await ctx.db.select({ number: complaints.number }).from(complaints).where(eq(complaints.id, complaint.reviewOfId))
    : [];

  const actions = allowedComplaintActions(complaint, input.actor);
  const mobile = row.customerMobileEnc ? ctx.cipher.decrypt(row.customerMobileEnc) : "";
  return {
    complaint: {
      number: complaint.number,
      status: complaint.status,
      channel: complaint.channel,
      category: complaint.category,
      businessLine: complaint.businessLine,
      severity: complaint.severity,
      acceptedAt: complaint.acceptedAt,
      dueAt: complaint.dueAt,
      allowanceDays: complaint.allowanceDays,
      decidedAt: complaint.decidedAt,
      reopenCount: complaint.reopenCount,
      archivedAt: complaint.archivedAt,
      reviewOf: reviewOf?.number ?? null,
      investigatorId: complaint.investigatorId,
      investigatorName: nameOf(complaint.investigatorId),
      firstInvestigatorName: nameOf(complaint.firstInvestigatorId),
      proposedByName: nameOf(complaint.proposedBy),
    },
    deadline: deadlineView(complaint, now),
    customer: { name: maskName(row.customerName), mobile: maskMobile(mobile) },
    details: JSON.parse(ctx.cipher.decrypt(complaint.detailsEnc)) as ComplaintDetails,
    resolution: parseResolution(complaint.resolutionEnc ? ctx.cipher.decrypt(complaint.resolutionEnc) : null),
    attachments,
    messages: complaint.conversationId ? await transcript(ctx, { conversationId: complaint.conversationId, afterSeq: 0, withInternal: true }) : [],
    events: events.map(({ event, actorName }) => {
      const body = event.bodyEnc ? ctx.cipher.decrypt(event.bodyEnc) : null;
      const data = (event.data ?? {}) as Record<string, unknown>;
      const proposal = event.kind === "resolution_proposed" ? parseResolution(body) : null;
      return {
        id: event.id,
        at: event.at,
        kind: event.kind,
        public: event.public,
        actorName,
        body: proposal ? null : body,
        proposal,
        noteKind: typeof data.noteKind === "string" ? data.noteKind : null,
        assigneeName: typeof data.investigatorId === "string" ? nameOf(data.investigatorId) : null,
        dueAt: typeof data.dueAt === "string" ? data.dueAt : null,
      };
    }),
    actions,
    /** The viewer proposed the resolution waiting for approval: another supervisor must approve it. */
    fourEyesBlocked:
      complaint.status === "resolution_proposed" &&
      isSupervisor(input.actor) &&
      complaint.proposedBy !== null &&
      fourEyesProblem({ approverId: input.actor.userId, proposedBy: complaint.proposedBy }) !== null,
    investigators: actions.includes("assign") ? await findInvestigators(ctx, { actor: input.actor }) : [],
    // The allowances this viewer may extend the decision deadline to.
    extensionChoices: actions.includes("extend") ? extensionChoices(complaint.allowanceDays, isSupervisor(input.actor)) : [],
  };
}

export type DeskComplaintView = Awaited<ReturnType<typeof getDeskComplaint>>;

