import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { complaintEvents, complaints, type ComplaintChannel, type User } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { nextAcceptanceNumber } from "../service-requests/acceptance-number";
import { emailCustomer } from "../service-requests/request-records";
import { DECISION_DAYS, decisionDueAt } from "./complaint-deadlines";
import { nextStatus } from "./complaint-lifecycle";
import { ComplaintDetailsSchema, initialSeverity, type ComplaintInput } from "./complaint-schemas";

/**
 * A customer's complaint is accepted (SPEC §3): it gets an acceptance number from the same
 * sequence as service requests, the regulator's 15-day clock starts now, and the customer is
 * acknowledged by email at once — so it is received and acknowledged in the same transaction.
 */
export async function fileComplaint(
  ctx: DomainContext,
  input: { customer: User; details: ComplaintInput; channel: ComplaintChannel; conversationId?: string | null },
) {
  const { customer, channel } = input;
  if (customer.kind !== "customer") {
    throw new AppError("FORBIDDEN", { message: "only customers file complaints", userMessage: "page.forbidden_body" });
  }
  // Callers other than the portal form (the bot, the desk) hand details over too: check them here.
  const parsed = ComplaintDetailsSchema.safeParse(input.details);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("INVALID_INPUT", {
      message: `invalid complaint details: ${issue?.path.join(".")}`,
      userMessage: issue?.message ?? "error.form_invalid",
      field: issue?.path[0]?.toString(),
    });
  }
  const details = parsed.data;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const number = await nextAcceptanceNumber(tx, now);
    const dueAt = decisionDueAt(now, DECISION_DAYS);
    const [complaint] = await tx
      .insert(complaints)
      .values({
        number,
        customerId: customer.id,
        channel,
        status: "received",
        category: details.category,
        businessLine: details.businessLine,
        severity: initialSeverity(details.category),
        detailsEnc: ctx.cipher.encrypt(JSON.stringify(details)),
        allowanceDays: DECISION_DAYS,
        acceptedAt: now,
        dueAt,
        conversationId: input.conversationId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!complaint) throw new Error("insert returned no row");
    await addEvent(tx, { complaintId: complaint.id, at: now, actorId: customer.id, kind: "received", data: { channel } });
    await recordAudit(tx, {
      actorId: customer.id,
      action: "complaint.received",
      objectType: "complaint",
      objectId: complaint.id,
      after: {
        number,
        channel,
        status: complaint.status,
        category: complaint.category,
        businessLine: complaint.businessLine,
        severity: complaint.severity,
        dueAt,
      },
    });

    const status = nextStatus(complaint.status, "acknowledge");
    await tx.update(complaints).set({ status, updatedAt: now }).where(eq(complaints.id, complaint.id));
    await addEvent(tx, { complaintId: complaint.id, at: now, actorId: null, kind: "acknowledged", data: { dueAt: dueAt.toISOString() } });
    await emailCustomer(ctx, tx, customer.id, { template: "complaint.acknowledged", params: { number, dueAt } });
    // The acknowledgement is the system's, sent the moment the complaint is accepted.
    await recordAudit(tx, {
      actorId: "system:complaints",
      action: "complaint.acknowledged",
      objectType: "complaint",
      objectId: complaint.id,
      before: { status: complaint.status },
      after: { status },
    });
    return { ...complaint, status };
  });
}

async function addEvent(
  tx: Transaction,
  event: { complaintId: string; at: Date; actorId: string | null; kind: string; data: Record<string, unknown> },
) {
  await tx.insert(complaintEvents).values({ ...event, public: true });
}
