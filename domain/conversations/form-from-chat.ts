import { and, eq } from "drizzle-orm";
import { chatMessages, conversations } from "../../db/schema";
import type { SubmittableType } from "../service-requests/request-schemas";
import type { DomainContext } from "../context";

/** "20万", "50000", "1.5万元": an amount in yuan, as the forms take it. */
function amountIn(text: string): string | null {
  const match = /(\d+(?:\.\d{1,2})?)\s*(万)?/.exec(text.replace(/(\d),(?=\d{3})/g, "$1"));
  if (!match) return null;
  const yuan = Number(match[1]) * (match[2] ? 10_000 : 1);
  return yuan > 0 ? String(Math.round(yuan * 100) / 100) : null;
}

/**
 * What a question to the chat assistant already says that a request form can start with (the
 * customer checks it before submitting): the amount of a loan or transfer, the kind of loan or
 * account, an enquiry's text.
 */
export function prefillFromQuestion(type: SubmittableType, text: string): Record<string, string> {
  const amount = amountIn(text);
  const withAmount: Record<string, string> = amount ? { amount } : {};
  switch (type) {
    case "loan": {
      const loanType = /房贷|住房|买房|mortgage|home/i.test(text) ? "mortgage" : /经营|生意|business/i.test(text) ? "business" : null;
      return loanType ? { ...withAmount, loanType } : withAmount;
    }
    case "transfer":
      return withAmount;
    case "account_opening":
      return /公司|企业|对公|business|company/i.test(text) ? { holder: "enterprise" } : {};
    case "inquiry":
      return { message: text };
    case "info_update":
      return {};
  }
}

/**
 * The chat assistant opens a request form with `?from=<question id>`, never with what the
 * customer typed: an address ends up in browser history and proxies' logs, and the text may hold
 * an account or ID number. The form reads the question here — only the customer's own, in their
 * own conversation; anything else (a visitor's question, someone else's, a made-up id) starts
 * the form empty.
 */
export async function formPrefillFromChat(ctx: DomainContext, input: { customerId: string; questionId: string; type: SubmittableType }): Promise<Record<string, string>> {
  const [question] = await ctx.db
    .select({ bodyEnc: chatMessages.bodyEnc })
    .from(chatMessages)
    .innerJoin(conversations, eq(conversations.id, chatMessages.conversationId))
    .where(and(eq(chatMessages.id, input.questionId), eq(chatMessages.sender, "customer"), eq(conversations.customerId, input.customerId)));
  return question ? prefillFromQuestion(input.type, ctx.cipher.decrypt(question.bodyEnc)) : {};
}
