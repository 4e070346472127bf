import { and, eq, inArray, notExists } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import {
  chatMessages,
  complaints,
  conversations,
  outbox,
  recoveryCodes,
  requestAttachments,
  serviceRequests,
  sessions,
  surveyAnswers,
  surveyInvitations,
  users,
} from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { statusesFor } from "../conversations/conversation-lifecycle";
import { canTransition } from "../service-requests/request-lifecycle";
import { applyTransition, lockRequest } from "../service-requests/request-records";
import { retainedUntil } from "./retention-rules";

/** What an erased account's row says instead of the customer's name and address. */
export const ERASED_NAME = "—";
export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;
// Not a hash any password verifies against: the account can never sign in again.
const NO_PASSWORD = "!erased";
// The tracking page's key was a hash of the erased mobile number: it goes with it.
const NO_TRACKING_KEY = "!erased";

export interface ErasureCounts {
  requestsWithdrawn: number;
  chatsClosed: number;
  chatMessagesErased: number;
  attachmentsErased: number;
  surveyAnswersUnlinked: number;
  emailsErased: number;
  sessionsEnded: number;
}

/**
 * Closes the customer's account and erases what no law makes the bank keep, in the caller's
 * transaction. Open requests are withdrawn and open chats closed; the name, email, mobile,
 * second factor, sessions, chat texts, request files, survey comments and queued emails go, and
 * survey scores are unlinked from the customer. Service requests
 * (identity and transaction records: AML law, 5 years) and complaints (their own retention) stay,
 * under `retained_until`, and every query outside the retention job leaves them out.
 * Returns the counts for the audit trail, the ended sessions (to disconnect their sockets) and the
 * files to delete once the transaction has committed.
 */
export async function eraseCustomerData(
  ctx: DomainContext,
  tx: Transaction,
  input: { customerId: string; actorId: string },
): Promise<{ counts: ErasureCounts; endedSessionIds: string[]; storageKeys: string[]; retainedUntil: Date }> {
  const now = ctx.now();
  const { customerId } = input;

  const open = await tx.select({ id: serviceRequests.id, status: serviceRequests.status }).from(serviceRequests).where(eq(serviceRequests.customerId, customerId));
  let requestsWithdrawn = 0;
  for (const { id, status } of open) {
    if (!canTransition(status, "withdraw")) continue;
    const request = await lockRequest(tx, { id, customerId });
    if (!request) continue;
    await applyTransition(ctx, tx, { request, event: "withdraw", actorId: input.actorId, patch: { clockPausedAt: null }, entries: [{ kind: "withdrawn", public: true }] });
    requestsWithdrawn += 1;
  }
  await tx.update(serviceRequests).set({ trackingKey: NO_TRACKING_KEY }).where(eq(serviceRequests.customerId, customerId));

  const closed = await tx
    .update(conversations)
    .set({ status: "closed", closedAt: now, updatedAt: now })
    .where(and(eq(conversations.customerId, customerId), inArray(conversations.status, statusesFor("close"))))
    .returning({ id: conversations.id });
  await tx.update(conversations).set({ botStateEnc: null }).where(eq(conversations.customerId, customerId));
  // A chat a complaint was filed from is that complaint's evidence: it is kept with the complaint.
  const erasableChats = tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.customerId, customerId),
        notExists(tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.conversationId, conversations.id))),
      ),
    );
  const messages = await tx.delete(chatMessages).where(inArray(chatMessages.conversationId, erasableChats)).returning({ id: chatMessages.id });

  const files = await tx
    .delete(requestAttachments)
    .where(inArray(requestAttachments.requestId, tx.select({ id: serviceRequests.id }).from(serviceRequests).where(eq(serviceRequests.customerId, customerId))))
    .returning({ storageKey: requestAttachments.storageKey });

  // A survey's score stays in the quality figures, but no longer says whose it was: the comment
  // goes and the answer is unlinked, like a visitor's — so no quality list or export can show it as theirs.
  const answers = await tx.update(surveyAnswers).set({ commentEnc: null, customerId: null }).where(eq(surveyAnswers.customerId, customerId)).returning({ id: surveyAnswers.id });
  await tx.update(surveyInvitations).set({ customerId: null }).where(eq(surveyInvitations.customerId, customerId));

  // Notices already sent or still waiting carry the address; the completion email, queued after
  // this, is the only one left, until the outbox's own retention removes it.
  const [account] = await tx.select({ email: users.email }).from(users).where(eq(users.id, customerId));
  const emails = account ? await tx.delete(outbox).where(eq(outbox.toAddress, account.email)).returning({ id: outbox.id }) : [];

  const ended = await tx.delete(sessions).where(eq(sessions.userId, customerId)).returning({ id: sessions.id });
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, customerId));

  const until = retainedUntil(now);
  await tx
    .update(users)
    .set({
      name: ERASED_NAME,
      email: erasedEmail(customerId),
      mobileEnc: null,
      mobileIndex: null,
      passwordHash: NO_PASSWORD,
      totpSecretEnc: null,
      totpEnabled: false,
      disabledAt: now,
      erasedAt: now,
      retainedUntil: until,
    })
    .where(eq(users.id, customerId));

  const counts: ErasureCounts = {
    requestsWithdrawn,
    chatsClosed: closed.length,
    chatMessagesErased: messages.length,
    attachmentsErased: files.length,
    surveyAnswersUnlinked: answers.length,
    emailsErased: emails.length,
    sessionsEnded: ended.length,
  };
  await recordAudit(tx, { actorId: input.actorId, action: "personal_data.erased", objectType: "user", objectId: customerId, after: { ...counts, retainedUntil: until } });
  return {
    counts,
    endedSessionIds: ended.map((s) => s.id),
    storageKeys: files.map((f) => f.storageKey),
    retainedUntil: until,
  };
}
