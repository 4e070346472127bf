import { and, asc, desc, eq, gt, ne, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { chatMessages, conversations, type ChatMessage, type Conversation } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { conversationNotFound, ownedBy, type ChatParticipant } from "./participants";

export interface DeliveredMessage {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  sender: ChatMessage["sender"];
  text: string;
  at: string;
}

function delivered(ctx: DomainContext, row: ChatMessage): DeliveredMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientId: row.clientId,
    sender: row.sender,
    text: ctx.cipher.decrypt(row.bodyEnc),
    at: row.createdAt.toISOString(),
  };
}

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

type Stored = { message: DeliveredMessage; duplicate: boolean; status: Conversation["status"] };

/**
 * The one way a message enters a conversation: the conversation row is locked by bumping its
 * sequence (so numbering is serial), a known client id returns the stored message and gives the
 * number back, anything else is stored under the new number.
 */
async function storeMessage(
  ctx: DomainContext,
  tx: Transaction,
  input: { where: SQL; conversationId: string; clientId: string; sender: ChatMessage["sender"]; senderId: string | null; text: string },
): Promise<Stored> {
  const [conversation] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, updatedAt: ctx.now() })
    .where(and(eq(conversations.id, input.conversationId), input.where))
    .returning({ lastSeq: conversations.lastSeq, status: conversations.status });
  if (!conversation) throw conversationNotFound();
  const [existing] = await tx
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.conversationId, input.conversationId), eq(chatMessages.clientId, input.clientId)));
  if (existing) {
    // Give the number back: the retry took none.
    await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} - 1` })
      .where(eq(conversations.id, input.conversationId));
    return { message: delivered(ctx, existing), duplicate: true, status: conversation.status };
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
      createdAt: ctx.now(),
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { message: delivered(ctx, row), duplicate: false, status: conversation.status };
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
    }),
  );
}

/** What the participant missed: every message after `afterSeq`, in order. */
export async function messagesAfter(
  ctx: DomainContext,
  input: { participant: ChatParticipant; conversationId: string; afterSeq: number },
): Promise<DeliveredMessage[]> {
  const [conversation] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), ownedBy(input.participant)));
  if (!conversation) throw conversationNotFound();
  const rows = await ctx.db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.conversationId, input.conversationId), gt(chatMessages.seq, input.afterSeq)))
    .orderBy(asc(chatMessages.seq))
    .limit(500);
  return rows.map((row) => delivered(ctx, row));
}

/**
 * Stores a reply from our side (the bot, later an agent) in a conversation, numbered like any
 * message. `clientId` ties it to what it answers, so answering the same message twice stores
 * one reply.
 */
export function postReply(
  ctx: DomainContext,
  input: { conversationId: string; clientId: string; sender: "bot" | "agent" | "system"; senderId?: string; text: string },
): Promise<Stored> {
  return ctx.db.transaction((tx) =>
    storeMessage(ctx, tx, {
      where: ne(conversations.status, "closed"),
      conversationId: input.conversationId,
      clientId: input.clientId,
      sender: input.sender,
      senderId: input.senderId ?? null,
      text: input.text,
    }),
  );
}
