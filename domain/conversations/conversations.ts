import { and, asc, desc, eq, gt, ne, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "../../db/client";
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
function selectMessages(executor: Pick<Transaction, "select">) {
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

/**
 * The one way a message enters a conversation: the conversation row is locked by bumping its
 * sequence (so numbering is serial), a known client id returns the stored message and gives the
 * number back, anything else is stored under the new number.
 */
export async function storeMessage(
  ctx: DomainContext,
  tx: Transaction,
  input: NewMessage & { where: SQL; set?: Partial<Pick<Conversation, "language">> },
): Promise<Stored> {
  const [bumped] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, updatedAt: ctx.now(), ...input.set })
    .where(and(eq(conversations.id, input.conversationId), input.where))
    .returning({
      lastSeq: conversations.lastSeq,
      status: conversations.status,
      language: conversations.language,
      botStateEnc: conversations.botStateEnc,
      customerId: conversations.customerId,
      visitorId: conversations.visitorId,
      agentId: conversations.agentId,
    });
  if (!bumped) throw conversationNotFound();
  const { botStateEnc, ...columns } = bumped;
  const conversation = { ...columns, botState: decryptBotState(ctx, botStateEnc) };
  const [existing] = await selectMessages(tx).where(
    and(eq(chatMessages.conversationId, input.conversationId), eq(chatMessages.clientId, input.clientId)),
  );
  if (existing) {
    // Give the number back: the retry took none.
    await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} - 1` })
      .where(eq(conversations.id, input.conversationId));
    return { message: delivered(ctx, flatten(existing)), duplicate: true, conversation };
  }
  const [row] = await tx
    .insert(chatMessages)
    .values({
      conversationId: input.conversationId,
      seq: conversation.lastSeq,
      clientId: input.clientId,
      sender: input.sender,
      senderId: input.senderId,
      bodyEnc: ctx.cipher.encrypt(input.text),
      actions: input.actions?.length ? input.actions : null,
      internal: input.internal ?? false,
      createdAt: ctx.now(),
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  const senderName = input.sender === "agent" && input.senderId ? await nameOf(tx, input.senderId) : null;
  return { message: delivered(ctx, { ...row, senderName }), duplicate: false, conversation };
}

async function nameOf(tx: Transaction, userId: string): Promise<string | null> {
  const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? null;
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
  return ctx.db.transaction((tx) =>
    storeMessage(ctx, tx, {
      where: and(ownedBy(participant), ne(conversations.status, "closed"))!,
      conversationId: input.conversationId,
      clientId: input.clientId,
      sender: participant.kind,
      senderId: participant.kind === "customer" ? participant.userId : null,
      text: input.text,
      set: { language: detectLanguage(input.text) },
    }),
  );
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
  return ctx.db.transaction((tx) => storeMessage(ctx, tx, { ...input, senderId: input.senderId ?? null, where: ne(conversations.status, "closed") }));
}
