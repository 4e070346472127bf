import type { DomainContext } from "../context";
import { requireChatCustomer } from "../conversations/submit-chat-request";
import type { ComplaintInput } from "./complaint-schemas";
import { fileComplaint } from "./file-complaint";

/**
 * A complaint the bot took down in the chat: the same case as one filed in the portal, with the
 * conversation (its transcript) attached. The customer is the conversation's owner, decided by
 * the server.
 */
export async function fileChatComplaint(ctx: DomainContext, input: { customerId: string; conversationId: string; details: ComplaintInput }) {
  const customer = await requireChatCustomer(ctx, input.customerId);
  return fileComplaint(ctx, { customer, details: input.details, channel: "chat", conversationId: input.conversationId });
}
