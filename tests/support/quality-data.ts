import crypto from "node:crypto";
import type { Database } from "../../db/client";
import { seededRandom } from "./seeded-random";
import {
  chatMessages,
  type complaintBusinessLines,
  complaintCategories,
  complaints,
  conversations,
  requestEvents,
  requestTypes,
  serviceChannels,
  serviceRequests,
  surveyAnswers,
  surveyInvitations,
  users,
} from "../../db/schema";

type Invitation = typeof surveyInvitations.$inferInsert & { id: string; createdAt: Date };
type Answer = typeof surveyAnswers.$inferInsert & { createdAt: Date; rating: number };

export interface QualityPerson {
  id: string;
  branch: string | null;
}

const DAY = 86_400_000;
const BRANCHES = ["Chaoyang", "Haidian", "Pudong"] as const;

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** People inserted directly (no password that signs in): enough for the survey rows to point at. */
export async function insertQualityPeople(db: Database, options: { customers: number; agents: number; createdAt?: Date }) {
  const createdAt = options.createdAt ?? new Date(Date.now() - 400 * DAY);
  const tag = crypto.randomBytes(4).toString("hex");
  const customerRows = Array.from({ length: options.customers }, (_, i) => ({
    kind: "customer" as const,
    name: `Quality customer ${i}`,
    email: `quality-customer-${tag}-${i}@example.test`,
    passwordHash: "not-a-password",
    createdAt,
  }));
  const agentRows = Array.from({ length: options.agents }, (_, i) => ({
    kind: "staff" as const,
    name: `Quality agent ${i}`,
    email: `quality-agent-${tag}-${i}@example.test`,
    passwordHash: "not-a-password",
    branch: BRANCHES[i % BRANCHES.length] ?? null,
    createdAt,
  }));
  const customers: QualityPerson[] = [];
  for (let i = 0; i < customerRows.length; i += 1000) {
    customers.push(...(await db.insert(users).values(customerRows.slice(i, i + 1000)).returning({ id: users.id, branch: users.branch })));
  }
  const agents = agentRows.length > 0 ? await db.insert(users).values(agentRows).returning({ id: users.id, branch: users.branch }) : [];
  return { customers, agents };
}

export interface SurveySeedOptions {
  count: number;
  /** Surveys are spread over the 90 days before this instant (three months). */
  now: Date;
  customers: QualityPerson[];
  agents: QualityPerson[];
  seed?: number;
  /** Share of surveys answered (default 0.6). */
  answerShare?: number;
  /** Keep the inserted rows in memory and return them (tests); off for big benchmark sets. */
  keepRows?: boolean;
  batchSize?: number;
}

/**
 * Inserts `count` surveys sent over the last three months, with varied channels, request types,
 * complaint categories, agents and branches, and answers (rating, resolved) for a share of them.
 */
export async function seedSurveys(db: Database, options: SurveySeedOptions): Promise<{ invitations: Invitation[]; answers: Answer[] }> {
  const random = seededRandom(options.seed ?? 42);
  const answerShare = options.answerShare ?? 0.6;
  const batchSize = options.batchSize ?? 2000;
  const kept: { invitations: Invitation[]; answers: Answer[] } = { invitations: [], answers: [] };
  for (let done = 0; done < options.count; done += batchSize) {
    const invitations: Invitation[] = [];
    const answers: Answer[] = [];
    for (let i = done; i < Math.min(options.count, done + batchSize); i++) {
      const createdAt = new Date(options.now.getTime() - Math.floor(random() * 90 * DAY));
      const channel = pick(random, serviceChannels);
      const subjectType = channel === "chat" ? "chat" : channel === "portal" ? "request" : "complaint";
      const agent = pick(random, options.agents);
      const customer = pick(random, options.customers);
      const invitation: Invitation = {
        id: crypto.randomUUID(),
        subjectType,
        subjectId: crypto.randomUUID(),
        customerId: customer.id,
        channel,
        requestType: subjectType === "request" ? pick(random, requestTypes.filter((t) => t !== "complaint")) : null,
        complaintCategory: subjectType === "complaint" ? pick(random, complaintCategories) : null,
        agentId: agent.id,
        branch: agent.branch,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + 7 * DAY),
      };
      if (random() < answerShare) {
        const answeredAt = new Date(Math.min(createdAt.getTime() + Math.floor(random() * 3 * DAY), options.now.getTime()));
        invitation.answeredAt = answeredAt;
        // Skewed towards good ratings, as real surveys are.
        const rating = Math.min(5, 1 + Math.floor(random() * 5 + random() * 2));
        answers.push({
          invitationId: invitation.id,
          subjectType,
          subjectId: invitation.subjectId,
          customerId: customer.id,
          rating,
          resolved: subjectType === "chat" && random() < 0.5 ? null : random() < 0.75,
          createdAt: answeredAt,
        });
      }
      invitations.push(invitation);
    }
    await insertSurveys(db, invitations, answers);
    if (options.keepRows) {
      kept.invitations.push(...invitations);
      kept.answers.push(...answers);
    }
  }
  return kept;
}

/** Inserts survey invitations and their answers as they are. */
export async function insertSurveys(db: Database, invitations: Invitation[], answers: Answer[]) {
  if (invitations.length > 0) await db.insert(surveyInvitations).values(invitations);
  if (answers.length > 0) await db.insert(surveyAnswers).values(answers);
}

/** One survey with its answer (when rated), for a hand-made data set. */
export function survey(
  base: { customerId: string; createdAt: Date } & Partial<Pick<Invitation, "channel" | "requestType" | "complaintCategory" | "agentId" | "branch">>,
  answer?: { rating: number; resolved?: boolean | null; at?: Date },
): { invitation: Invitation; answer: Answer | null } {
  const channel = base.channel ?? "portal";
  const subjectType = channel === "chat" ? "chat" : channel === "portal" ? "request" : "complaint";
  const answeredAt = answer ? (answer.at ?? base.createdAt) : null;
  const invitation: Invitation = {
    id: crypto.randomUUID(),
    subjectType,
    subjectId: crypto.randomUUID(),
    customerId: base.customerId,
    channel,
    requestType: base.requestType ?? null,
    complaintCategory: base.complaintCategory ?? null,
    agentId: base.agentId ?? null,
    branch: base.branch ?? null,
    createdAt: base.createdAt,
    expiresAt: new Date(base.createdAt.getTime() + 7 * DAY),
    answeredAt,
  };
  return {
    invitation,
    answer:
      answer && answeredAt
        ? {
            invitationId: invitation.id,
            subjectType,
            subjectId: invitation.subjectId,
            customerId: base.customerId,
            rating: answer.rating,
            resolved: answer.resolved ?? null,
            createdAt: answeredAt,
          }
        : null,
  };
}

let numberSeq = 0;
function caseNumber(): string {
  numberSeq += 1;
  return `TLQ${crypto.randomBytes(4).toString("hex")}${numberSeq}`;
}

/** A service request with its review outcome, inserted directly. */
export async function insertReviewedRequest(
  db: Database,
  input: {
    customerId: string;
    type: (typeof requestTypes)[number];
    reviewerId: string | null;
    submittedAt: Date;
    dueAt: Date | null;
    reviewedAt: Date | null;
    decidedAt: Date | null;
  },
) {
  const [request] = await db
    .insert(serviceRequests)
    .values({
      number: caseNumber(),
      customerId: input.customerId,
      type: input.type,
      status: input.decidedAt ? "completed" : input.reviewedAt ? "in_approval" : "under_review",
      detailsEnc: "x",
      trackingKey: "x",
      reviewedBy: input.reviewedAt ? input.reviewerId : null,
      reviewedAt: input.reviewedAt,
      assigneeId: input.reviewerId,
      clockKind: "standard",
      dueAt: input.dueAt,
      approvalChain: [],
      submittedAt: input.submittedAt,
      decidedAt: input.decidedAt,
      updatedAt: input.decidedAt ?? input.submittedAt,
    })
    .returning({ id: serviceRequests.id });
  if (!request) throw new Error("insert returned no row");
  if (input.reviewedAt) {
    await db.insert(requestEvents).values({ requestId: request.id, at: input.reviewedAt, actorId: input.reviewerId, kind: "accepted", public: true });
  }
  return request.id;
}

/** A complaint accepted and (when `decidedAt` is given) decided, inserted directly. */
export async function insertComplaint(
  db: Database,
  input: {
    customerId: string;
    channel: (typeof serviceChannels)[number];
    category: (typeof complaintCategories)[number];
    businessLine?: (typeof complaintBusinessLines)[number];
    investigatorId: string | null;
    acceptedAt: Date;
    dueAt: Date;
    decidedAt: Date | null;
    reopenCount?: number;
  },
) {
  const [row] = await db
    .insert(complaints)
    .values({
      number: caseNumber(),
      customerId: input.customerId,
      channel: input.channel,
      status: input.decidedAt ? "awaiting_confirmation" : "investigating",
      category: input.category,
      businessLine: input.businessLine ?? "cards",
      severity: "low",
      detailsEnc: "x",
      investigatorId: input.investigatorId,
      decidedAt: input.decidedAt,
      reopenCount: input.reopenCount ?? 0,
      acceptedAt: input.acceptedAt,
      dueAt: input.dueAt,
      createdAt: input.acceptedAt,
      updatedAt: input.decidedAt ?? input.acceptedAt,
    })
    .returning({ id: complaints.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

/** A closed chat: answered by the bot alone, or queued and claimed by an agent. */
export async function insertClosedChat(
  db: Database,
  input: { customerId: string | null; createdAt: Date; closedAt: Date; agent?: { id: string; queuedAt: Date; claimedAt: Date } },
) {
  const [conversation] = await db
    .insert(conversations)
    .values({
      customerId: input.customerId,
      status: "closed",
      agentId: input.agent?.id ?? null,
      queuedAt: input.agent?.queuedAt ?? null,
      claimedAt: input.agent?.claimedAt ?? null,
      closedAt: input.closedAt,
      createdAt: input.createdAt,
      updatedAt: input.closedAt,
    })
    .returning({ id: conversations.id });
  if (!conversation) throw new Error("insert returned no row");
  if (input.agent) {
    await db.insert(chatMessages).values({
      conversationId: conversation.id,
      seq: 1,
      clientId: `joined-${input.agent.id}-${input.agent.claimedAt.getTime()}`,
      sender: "system",
      bodyEnc: "x",
      createdAt: input.agent.claimedAt,
    });
  }
  return conversation.id;
}
