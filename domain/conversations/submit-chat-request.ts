import { and, eq } from "drizzle-orm";
import { users } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { InquiryDetails } from "../service-requests/request-schemas";
import { submitRequest } from "../service-requests/submit-request";

/** The signed-in customer a chat belongs to; anyone else is refused. */
export async function requireChatCustomer(ctx: DomainContext, customerId: string) {
  const [customer] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, customerId), eq(users.kind, "customer")));
  if (!customer) throw new AppError("FORBIDDEN", { message: "only customers file from the chat", userMessage: "page.forbidden_body" });
  return customer;
}

/**
 * A request recorded from the chat for a signed-in customer — a message left when no agent is
 * online — with its acceptance number, clock and email like
 * any request from the portal. The customer is the conversation's owner, decided by the server.
 */
export async function submitChatRequest(ctx: DomainContext, input: { customerId: string; subject: string; message: string }) {
  const customer = await requireChatCustomer(ctx, input.customerId);
  const details = InquiryDetails.parse({ type: "inquiry", subject: input.subject.slice(0, 100), message: input.message.slice(0, 2000) });
  const request = await submitRequest(ctx, { customer, details });
  return { number: request.number, dueAt: request.dueAt };
}
