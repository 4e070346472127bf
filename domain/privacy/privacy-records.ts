import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { privacyRequests, type PrivacyRequest } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { nextStatus, type PrivacyRequestEvent } from "./privacy-request-lifecycle";

export async function lockPrivacyRequest(tx: Transaction, number: string): Promise<PrivacyRequest | undefined> {
  const [row] = await tx.select().from(privacyRequests).where(eq(privacyRequests.number, number)).for("update");
  return row;
}

/**
 * The one writer of a privacy request's status: the lifecycle's step, the row and its audit entry
 * (ids and statuses only, never what the customer wrote) in the caller's transaction.
 */
export async function applyPrivacyTransition(
  ctx: DomainContext,
  tx: Transaction,
  input: { request: PrivacyRequest; event: PrivacyRequestEvent; actorId: string; patch?: Partial<Pick<PrivacyRequest, "refusalEnc">>; audit?: Record<string, unknown> },
): Promise<PrivacyRequest> {
  const { request } = input;
  const now = ctx.now();
  const status = nextStatus(request.status, input.event);
  const [updated] = await tx
    .update(privacyRequests)
    .set({
      ...input.patch,
      status,
      handledBy: input.actorId,
      ...(input.event === "start" ? { startedAt: now } : { closedAt: now }),
    })
    .where(and(eq(privacyRequests.id, request.id), eq(privacyRequests.status, request.status)))
    .returning();
  if (!updated) throw new AppError("CONFLICT", { message: "privacy request changed concurrently", userMessage: "privacy.error.invalid_state" });
  await recordAudit(tx, {
    actorId: input.actorId,
    action: `privacy_request.${status}`,
    objectType: "privacy_request",
    objectId: request.id,
    before: { status: request.status },
    after: { status, customerId: request.customerId, ...input.audit },
  });
  return updated;
}
