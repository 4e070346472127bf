import { boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import {
  agentPresences,
  chatLanguages,
  complaintCategories,
  conversationStatuses,
  followUpStatuses,
  messageSenders,
  requestTypes,
  serviceChannels,
  surveySubjects,
  surveyTags,
} from "./enums";

/** A chat: with the bot first, then perhaps an agent. Owned by a customer or a visitor id. */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id").references(() => users.id),
    // Visitors are known only by a server-signed random id kept in a cookie.
    visitorId: text("visitor_id"),
    status: text("status", { enum: conversationStatuses }).notNull(),
    agentId: uuid("agent_id").references(() => users.id),
    // The last sequence number handed out: messages are numbered 1, 2, 3 … per conversation.
    lastSeq: integer("last_seq").notNull().default(0),
    // The language the customer last wrote in: system messages (queue, closing) follow it.
    language: text("language", { enum: chatLanguages }).notNull().default("zh"),
    // Botkit's dialog state, read with the message that starts a turn and written only while a
    // dialog is running (null when none is). Encrypted JSON: a complaint being taken down holds
    // what the customer wrote.
    botStateEnc: text("bot_state_enc"),
    // When the customer asked for a person (the queue's order), and when the chat ended.
    queuedAt: timestamp("queued_at", { withTimezone: true, precision: 3 }),
    // When an agent took the chat from the queue: the customer's wait ends.
    claimedAt: timestamp("claimed_at", { withTimezone: true, precision: 3 }),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index("conversations_customer_idx").on(t.customerId),
    index("conversations_visitor_idx").on(t.visitorId),
    index("conversations_status_idx").on(t.status, t.agentId),
    // Read alone (index-only) by the quality dashboard.
    index("conversations_closed_idx").on(t.closedAt, t.agentId, t.queuedAt, t.claimedAt),
  ],
);

export const chatMessages = pgTable(
  "chat_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    seq: integer("seq").notNull(),
    // The sender's own id for the message: a retry carries the same one and is not stored twice.
    clientId: text("client_id").notNull(),
    sender: text("sender", { enum: messageSenders }).notNull(),
    senderId: uuid("sender_id").references(() => users.id),
    // NOTE: customers write personal data into chats: the text is encrypted at rest.
    bodyEnc: text("body_enc").notNull(),
    // Buttons offered with a bot message (topics, links to portal forms, "talk to a person"):
    // labels and addresses only, never personal data.
    actions: jsonb("actions").$type<ChatAction[]>(),
    // Seen by staff only (a transfer note): never sent to the customer's side.
    internal: boolean("internal").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("chat_messages_seq_key").on(t.conversationId, t.seq),
    uniqueIndex("chat_messages_client_key").on(t.conversationId, t.clientId),
  ],
);

/** A button under a message: send a reply, open a portal page, or ask for a person. */
export type ChatAction = { kind: "reply"; label: string; text: string } | { kind: "link"; label: string; href: string } | { kind: "handoff"; label: string };

/** An agent's availability for live chats. Nothing about it lives in process memory. */
export const agentPresence = pgTable("agent_presence", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  status: text("status", { enum: agentPresences }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** Ready-made agent replies, in both languages, kept by admins. */
export const cannedReplies = pgTable("canned_replies", {
  id: uuid("id").primaryKey().defaultRandom(),
  title: text("title").notNull(),
  textZh: text("text_zh").notNull(),
  textEn: text("text_en").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** The approved knowledge base the bot answers from: one entry per intent and language, edited by admins. */
export const knowledgeEntries = pgTable(
  "knowledge_entries",
  {
    intent: text("intent").notNull(),
    language: text("language", { enum: chatLanguages }).notNull(),
    title: text("title").notNull(),
    answer: text("answer").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedBy: uuid("updated_by").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.intent, t.language] })],
);

/**
 * A satisfaction survey sent when a request is completed, a chat closes or a complaint is
 * resolved. Its link carries the id and a signature only; it is answered once, before it expires.
 * A complaint may be surveyed more than once (after each resolution it accepts).
 */
export const surveyInvitations = pgTable(
  "survey_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    subjectType: text("subject_type", { enum: surveySubjects }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    // Null for a visitor's chat: rated in the widget only.
    customerId: uuid("customer_id").references(() => users.id),
    // What the quality team filters and groups by, fixed when the survey is sent.
    channel: text("channel", { enum: serviceChannels }).notNull(),
    requestType: text("request_type", { enum: requestTypes }),
    complaintCategory: text("complaint_category", { enum: complaintCategories }),
    // Who served the customer (the request's reviewer, the chat's agent, the investigator) and their branch.
    agentId: uuid("agent_id").references(() => users.id),
    branch: text("branch"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true, precision: 3 }),
    // Set by the job that deals with a survey nobody answered in time.
    lapsedAt: timestamp("lapsed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("survey_invitations_subject_idx").on(t.subjectType, t.subjectId),
    index("survey_invitations_customer_idx").on(t.customerId, t.createdAt),
    index("survey_invitations_expiry_idx").on(t.expiresAt),
    index("survey_invitations_created_idx").on(t.createdAt),
  ],
);

/** A customer's answer to one survey: satisfaction 1–5, resolved or not, a comment. */
export const surveyAnswers = pgTable(
  "survey_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    invitationId: uuid("invitation_id").references(() => surveyInvitations.id),
    subjectType: text("subject_type", { enum: surveySubjects }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    customerId: uuid("customer_id").references(() => users.id),
    rating: smallint("rating").notNull(),
    resolved: boolean("resolved"),
    commentEnc: text("comment_enc"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("survey_answers_invitation_key").on(t.invitationId),
    index("survey_answers_subject_idx").on(t.subjectType, t.subjectId),
    index("survey_answers_created_idx").on(t.createdAt),
  ],
);

/**
 * The surveys of one China day, per combination of what the quality dashboard filters by: kept by
 * triggers on survey_invitations and survey_answers (migration 0011), never written by the app.
 * Invitations count on the day they were sent, answers on the day they were given.
 */
export const surveyDaily = pgTable(
  "survey_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    channel: text("channel", { enum: serviceChannels }).notNull(),
    requestType: text("request_type", { enum: requestTypes }),
    complaintCategory: text("complaint_category", { enum: complaintCategories }),
    agentId: uuid("agent_id"),
    branch: text("branch"),
    sent: integer("sent").notNull(),
    sentAnswered: integer("sent_answered").notNull(),
    answers: integer("answers").notNull(),
    ratingSum: integer("rating_sum").notNull(),
    satisfied: integer("satisfied").notNull(),
    resolvedAnswered: integer("resolved_answered").notNull(),
    resolved: integer("resolved").notNull(),
  },
  (t) => [unique("survey_daily_key").on(t.day, t.channel, t.requestType, t.complaintCategory, t.agentId, t.branch).nullsNotDistinct()],
);

/** A quality reviewer's reading of one survey answer: tags and a note. */
export const surveyReviews = pgTable("survey_reviews", {
  surveyAnswerId: uuid("survey_answer_id")
    .primaryKey()
    .references(() => surveyAnswers.id),
  tags: text("tags", { enum: surveyTags }).array().notNull(),
  // NOTE: may quote the customer: encrypted.
  noteEnc: text("note_enc"),
  reviewedBy: uuid("reviewed_by")
    .notNull()
    .references(() => users.id),
  reviewedAt: timestamp("reviewed_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** A dissatisfied answer on a request or a chat: an item the quality team works to a close. */
export const qualityFollowUps = pgTable(
  "quality_follow_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    surveyAnswerId: uuid("survey_answer_id")
      .notNull()
      .references(() => surveyAnswers.id),
    subjectType: text("subject_type", { enum: surveySubjects }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    status: text("status", { enum: followUpStatuses }).notNull(),
    assigneeId: uuid("assignee_id").references(() => users.id),
    // NOTE: reviewers' notes and the action taken may quote the customer: encrypted.
    noteEnc: text("note_enc"),
    actionEnc: text("action_enc"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    closedBy: uuid("closed_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("quality_follow_ups_answer_key").on(t.surveyAnswerId),
    index("quality_follow_ups_status_idx").on(t.status, t.createdAt),
    // The monthly report counts the follow-ups opened and closed in a month.
    index("quality_follow_ups_created_idx").on(t.createdAt),
    index("quality_follow_ups_closed_idx").on(t.closedAt),
  ],
);

export type Conversation = typeof conversations.$inferSelect;
export type ChatMessage = typeof chatMessages.$inferSelect;
export type CannedReply = typeof cannedReplies.$inferSelect;
export type KnowledgeEntry = typeof knowledgeEntries.$inferSelect;
export type SurveyAnswer = typeof surveyAnswers.$inferSelect;
export type SurveyInvitation = typeof surveyInvitations.$inferSelect;
export type SurveySubject = (typeof surveySubjects)[number];
export type QualityFollowUp = typeof qualityFollowUps.$inferSelect;
export type SurveyReview = typeof surveyReviews.$inferSelect;
export type ServiceChannel = (typeof serviceChannels)[number];
export type SurveyTag = (typeof surveyTags)[number];
