import { and, asc, desc, eq, gt, ne, sql } from "drizzle-orm";
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

/**
 * Stores a message from the participant and numbers it. It is stored before anyone is told
 * (the caller acknowledges only after this returns), and a retry with the same client id
 * returns the stored message instead of a second copy.
 */
export async function postMessage(
  ctx: DomainContext,
  input: { participant: ChatParticipant; conversationId: string; clientId: string; text: string },
): Promise<{ message: DeliveredMessage; duplicate: boolean; status: Conversation["status"] }> {
  return ctx.db.transaction(async (tx) => {
    // Locks the conversation: numbering is serial, and ownership is part of the query.
    const [conversation] = await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} + 1`, updatedAt: ctx.now() })
      .where(and(eq(conversations.id, input.conversationId), ownedBy(input.participant), ne(conversations.status, "closed")))
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
        sender: input.participant.kind,
        senderId: input.participant.kind === "customer" ? input.participant.userId : null,
        bodyEnc: ctx.cipher.encrypt(input.text),
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return { message: delivered(ctx, row), duplicate: false, status: conversation.status };
  });
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
export async function postReply(
  ctx: DomainContext,
  input: { conversationId: string; clientId: string; sender: "bot" | "agent" | "system"; senderId?: string; text: string },
): Promise<{ message: DeliveredMessage; duplicate: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, input.conversationId), eq(chatMessages.clientId, input.clientId)));
    if (existing) return { message: delivered(ctx, existing), duplicate: true };
    const [conversation] = await tx
      .update(conversations)
      .set({ lastSeq: sql`${conversations.lastSeq} + 1`, updatedAt: ctx.now() })
      .where(eq(conversations.id, input.conversationId))
      .returning({ lastSeq: conversations.lastSeq });
    if (!conversation) throw conversationNotFound();
    const [row] = await tx
      .insert(chatMessages)
      .values({
        conversationId: input.conversationId,
        seq: conversation.lastSeq,
        clientId: input.clientId,
        sender: input.sender,
        senderId: input.senderId ?? null,
        bodyEnc: ctx.cipher.encrypt(input.text),
        createdAt: ctx.now(),
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return { message: delivered(ctx, row), duplicate: false };
  });
}
