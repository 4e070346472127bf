import { and, eq, isNull, sql } from "drizzle-orm";
import { users, type User } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { maskEmail, maskMobile, maskName } from "../identity/masking";
import { normaliseMobile } from "../identity/mobile";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import type { onBehalfChannels } from "./complaint-desk-schemas";
import type { ComplaintInput } from "./complaint-schemas";
import { COMPLAINT_INTAKE_ROLES } from "./desk-complaint-access";
import { fileComplaint } from "./file-complaint";

const customerNotFound = () =>
  new AppError("NOT_FOUND", { message: "no active customer with that email or mobile", userMessage: "complaint_desk.customer_not_found", field: "customer" });

/**
 * The customer an agent takes a complaint down for, by the email address or the mobile number
 * they give; the number is found by its blind index, never by decrypting customers' numbers.
 */
async function findCustomer(ctx: DomainContext, query: string): Promise<User> {
  const trimmed = query.trim();
  const active = and(eq(users.kind, "customer"), isNull(users.disabledAt));
  if (trimmed.includes("@")) {
    const [user] = await ctx.db.select().from(users).where(and(active, eq(sql`lower(${users.email})`, trimmed.toLowerCase())));
    if (!user) throw customerNotFound();
    return user;
  }
  const mobile = normaliseMobile(trimmed);
  if (!mobile) throw customerNotFound();
  const matches = await ctx.db
    .select()
    .from(users)
    .where(and(active, eq(users.mobileIndex, ctx.cipher.blindIndex(mobile))))
    .limit(2);
  // Two accounts on one number cannot be told apart by it: the agent asks for the email instead.
  if (matches.length !== 1) throw customerNotFound();
  return matches[0]!;
}

/** Who the agent found, masked: enough to confirm with the caller, too little to read out. */
export async function findCustomerForComplaint(ctx: DomainContext, input: { actor: StaffActor; customer: string }) {
  requireAnyRole(input.actor, COMPLAINT_INTAKE_ROLES);
  const user = await findCustomer(ctx, input.customer);
  return {
    name: maskName(user.name),
    email: maskEmail(user.email),
    mobile: user.mobileEnc ? maskMobile(ctx.cipher.decrypt(user.mobileEnc)) : "",
  };
}

/**
 * An agent (or a supervisor) takes a complaint down on the customer's behalf — by phone, at the
 * counter, or from a letter or email — with the same fields as the portal form. It is the
 * customer's complaint, acknowledged to them by email like any other; the timeline and the
 * audit trail record who took it down. A consent the customer gives to the privacy notice on
 * that channel is recorded with it, as taken down by the agent.
 */
export async function fileComplaintOnBehalf(
  ctx: DomainContext,
  input: { actor: StaffActor; customer: string; channel: (typeof onBehalfChannels)[number]; details: ComplaintInput; verbalConsent?: boolean },
) {
  requireAnyRole(input.actor, COMPLAINT_INTAKE_ROLES);
  const customer = await findCustomer(ctx, input.customer);
  return fileComplaint(ctx, {
    customer,
    details: input.details,
    channel: input.channel,
    takenBy: input.actor.userId,
    consent: input.verbalConsent ? { channel: input.channel, recordedBy: input.actor.userId } : null,
  });
}
