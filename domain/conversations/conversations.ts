import { and, asc, desc, eq, gt, ne, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { chatMessages, conversations, users, type ChatAction, type ChatMessage, type Conversation } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { decryptBotState, type BotState } from "./bot-state";
import { detectLanguage } from "./language";
import { conversationNotFound, ownedBy, type ChatParticipant } from "./participants";

export interface DeliveredMessage {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  sender: ChatMessage["sender"];
  /** The agent's name, for agent messages. */
  senderName: string | null;
  text: string;
  actions: ChatAction[];
  /** Staff only (transfer notes); never in what the customer's side receives. */
  internal: boolean;
  at: string;
}

type StoredRow = ChatMessage & { senderName: string | null };

function delivered(ctx: DomainContext, row: StoredRow): DeliveredMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientId: row.clientId,
    sender: row.sender,
    senderName: row.sender === "agent" ? row.senderName : null,
    text: ctx.cipher.decrypt(row.bodyEnc),
    actions: row.actions ?? [],
    internal: row.internal,
    at: row.createdAt.toISOString(),
  };
}

/** Messages with their sender's name, in order. */
function selectMessages(executor: Pick<Executor, "select">) {
  return executor
    .select({ message: chatMessages, senderName: users.name })
    .from(chatMessages)
    .leftJoin(users, eq(users.id, chatMessages.senderId))
    .$dynamic();
}

const flatten = (row: { message: ChatMessage; senderName: string | null }): StoredRow => ({ ...row.message, senderName: row.senderName });

/** The participant's open conversation, or a new one with the bot. */
export async function openConversation(ctx: DomainContext, participant: ChatParticipant) {
  const [open] = await ctx.db
    .select()
    .from(conversations)
    .where(and(ownedBy(participant), ne(conversations.status, "closed")))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  if (open) return open;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(conversations)
      .values({
        customerId: participant.kind === "customer" ? participant.userId : null,
        visitorId: participant.kind === "visitor" ? participant.visitorId : null,
        status: "bot",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error("insert returned no row");
    await recordAudit(tx, {
      actorId: participant.kind === "customer" ? participant.userId : null,
      action: "conversation.opened",
      objectType: "conversation",
      objectId: created.id,
    });
    return created;
  });
}

export type Stored = {
  message: DeliveredMessage;
  duplicate: boolean;
  conversation: Pick<Conversation, "status" | "language" | "customerId" | "visitorId" | "agentId"> & { botState: BotState };
};

export interface NewMessage {
  conversationId: string;
  clientId: string;
  sender: ChatMessage["sender"];
  senderId: string | null;
  text: string;
  actions?: ChatAction[];
  internal?: boolean;
}

/** A stored message as the one-statement write returns it (snake_case, straight from SQL). */
interface WrittenRow {
  status: Conversation["status"];
  language: Conversation["language"];
  bot_state_enc: string | null;
  customer_id: string | null;
  visitor_id: string | null;
  agent_id: string | null;
  id: string | null;
  seq: number;
  client_id: string;
  sender: ChatMessage["sender"];
  sender_id: string | null;
  body_enc: string;
  actions: ChatAction[] | null;
  internal: boolean;
  created_at: Date | string;
  sender_name: string | null;
  fresh: boolean;
}

/**
 * The one way a message enters a conversation, in one statement: the conversation row is locked
 * (so numbering is serial and reads the latest number), the message is stored under the next
 * number unless its client id is known, and only a stored message moves the number on — a retry
 * gets the stored message back and takes no number. `where` (ownership, status) is part of it.
 */
export async function storeMessage(
  ctx: DomainContext,
  executor: Executor,
  input: NewMessage & { where: SQL; set?: Partial<Pick<Conversation, "language">> },
): Promise<Stored> {
  const now = ctx.now().toISOString();
  const actions = input.actions?.length ? JSON.stringify(input.actions) : null;
  const language = input.set?.language ? sql`, language = ${input.set.language}` : sql``;
  const result = await executor.execute(sql`
    with conv as (
      select id, last_seq, status, language, bot_state_enc, customer_id, visitor_id, agent_id
      from conversations
      where conversations.id = ${input.conversationId} and ${input.where}
      for update
    ),
    ins as (
      insert into chat_messages (conversation_id, seq, client_id, sender, sender_id, body_enc, actions, internal, created_at)
      select id, last_seq + 1, ${input.clientId}, ${input.sender}, ${input.senderId}::uuid, ${ctx.cipher.encrypt(input.text)},
        ${actions}::jsonb, ${input.internal ?? false}::boolean, ${now}::timestamptz
      from conv
      on conflict (conversation_id, client_id) do nothing
      returning *
    ),
    bump as (
      update conversations set last_seq = ins.seq, updated_at = ${now}::timestamptz ${language}
      from ins where conversations.id = ins.conversation_id
    )
    select conv.status, conv.language, conv.bot_state_enc, conv.customer_id, conv.visitor_id, conv.agent_id,
      m.id, m.seq, m.client_id, m.sender, m.sender_id, m.body_enc, m.actions, m.internal, m.created_at, m.fresh,
      users.name as sender_name
    from conv
    left join lateral (
      select ins.*, true as fresh from ins
      union all
      select chat_messages.*, false from chat_messages where conversation_id = conv.id and client_id = ${input.clientId}
    ) m on true
    left join users on users.id = m.sender_id
  `);
  const [row] = (result as unknown as { rows: WrittenRow[] }).rows;
  if (!row) throw conversationNotFound();
  const conversation = {
    status: row.status,
    language: row.fresh ? (input.set?.language ?? row.language) : row.language,
    customerId: row.customer_id,
    visitorId: row.visitor_id,
    agentId: row.agent_id,
    botState: decryptBotState(ctx, row.bot_state_enc),
  };
  if (row.id === null) {
    // The same client id stored by another writer after this statement began: read it now.
    const [existing] = await selectMessages(executor).where(
      and(eq(chatMessages.conversationId, input.conversationId), eq(chatMessages.clientId, input.clientId)),
    );
    if (!existing) throw new Error("message neither stored nor found");
    return { message: delivered(ctx, flatten(existing)), duplicate: true, conversation };
  }
  const message: StoredRow = {
    id: row.id,
    conversationId: input.conversationId,
    seq: row.seq,
    clientId: row.client_id,
    sender: row.sender,
    senderId: row.sender_id,
    bodyEnc: row.body_enc,
    actions: row.actions,
    internal: row.internal,
    createdAt: new Date(row.created_at),
    senderName: row.sender_name,
  };
  return { message: delivered(ctx, message), duplicate: !row.fresh, conversation };
}

/**
 * Stores a message from the participant and numbers it. It is stored before anyone is told
 * (the caller acknowledges only after this returns), and a retry with the same client id
 * returns the stored message instead of a second copy. Ownership is part of the query.
 */
export function postMessage(
  ctx: DomainContext,
  input: { participant: ChatParticipant; conversationId: string; clientId: string; text: string },
): Promise<Stored> {
  const { participant } = input;
  return storeMessage(ctx, ctx.db, {
    where: and(ownedBy(participant), ne(conversations.status, "closed"))!,
    conversationId: input.conversationId,
    clientId: input.clientId,
    sender: participant.kind,
    senderId: participant.kind === "customer" ? participant.userId : null,
    text: input.text,
    set: { language: detectLanguage(input.text) },
  });
}

/** At most this many messages in one answer; the reader asks again from the last one. */
export const MESSAGES_PAGE = 500;

/** What the participant missed: every message after `afterSeq` meant for them, in order. */
export async function messagesAfter(
  ctx: DomainContext,
  input: { participant: ChatParticipant; conversationId: string; afterSeq: number },
): Promise<DeliveredMessage[]> {
  const [conversation] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), ownedBy(input.participant)));
  if (!conversation) throw conversationNotFound();
  return transcript(ctx, { conversationId: input.conversationId, afterSeq: input.afterSeq, withInternal: false });
}

/**
 * Messages of a conversation after `afterSeq`, in order. No ownership check: callers check who
 * may read it (`messagesAfter` for the customer's side; the desk for agents, who also see
 * internal notes).
 */
export async function transcript(
  ctx: DomainContext,
  input: { conversationId: string; afterSeq: number; withInternal: boolean },
): Promise<DeliveredMessage[]> {
  const rows = await selectMessages(ctx.db)
    .where(
      and(
        eq(chatMessages.conversationId, input.conversationId),
        gt(chatMessages.seq, input.afterSeq),
        input.withInternal ? undefined : eq(chatMessages.internal, false),
      ),
    )
    .orderBy(asc(chatMessages.seq))
    .limit(MESSAGES_PAGE);
  return rows.map((row) => delivered(ctx, flatten(row)));
}

/**
 * Stores a reply from our side (the bot, later an agent) in a conversation, numbered like any
 * message. `clientId` ties it to what it answers, so answering the same message twice stores
 * one reply.
 */
export function postReply(ctx: DomainContext, input: Omit<NewMessage, "sender" | "senderId"> & { sender: "bot" | "agent" | "system"; senderId?: string }): Promise<Stored> {
  return storeMessage(ctx, ctx.db, { ...input, senderId: input.senderId ?? null, where: ne(conversations.status, "closed") });
}
