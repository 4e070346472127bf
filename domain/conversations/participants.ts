import { eq, type SQL } from "drizzle-orm";
import { conversations } from "../../db/schema";
import { AppError } from "../errors";

/**
 * Who is on the customer's side of a chat. The server decides it from the session (or from its
 * own signed visitor cookie) at the socket handshake — never from anything in a message.
 */
export type ChatParticipant = { kind: "customer"; userId: string } | { kind: "visitor"; visitorId: string };

/** Who owns a conversation row: its customer, or else its visitor. */
export function ownerOf(row: { customerId: string | null; visitorId: string | null }): ChatParticipant {
  return row.customerId ? { kind: "customer", userId: row.customerId } : { kind: "visitor", visitorId: row.visitorId! };
}

/** Ownership in the query: a participant reaches only their own conversations. */
export function ownedBy(participant: ChatParticipant): SQL {
  return participant.kind === "customer"
    ? eq(conversations.customerId, participant.userId)
    : eq(conversations.visitorId, participant.visitorId);
}

export const conversationNotFound = () =>
  new AppError("NOT_FOUND", { message: "no such conversation for this participant", userMessage: "chat.not_found" });
