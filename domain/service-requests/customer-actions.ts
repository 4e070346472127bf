import type { User } from "../../db/schema";
import type { ValidatedUpload } from "../attachments/add-attachments";
import type { DomainContext } from "../context";
import { requestNotFound } from "./request-access";
import { applyTransition, lockRequest } from "./request-records";
import { resumedDueAt } from "./review-clock";

/** The customer answers an information request: the review clock runs again from now. */
export function provideInformation(
  ctx: DomainContext,
  input: { customer: User; requestId: string; answer: string; files?: readonly ValidatedUpload[] },
) {
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, { id: input.requestId, customerId: input.customer.id });
    if (!request) throw requestNotFound();
    const now = ctx.now();
    return applyTransition(ctx, tx, {
      request,
      event: "provide_info",
      actorId: input.customer.id,
      patch: {
        clockPausedAt: null,
        dueAt: request.clockPausedAt ? resumedDueAt(ctx.calendar, request.clockPausedAt, request.dueAt, now) : request.dueAt,
      },
      entries: [{ kind: "info_provided", public: true, body: input.answer, files: input.files }],
    });
  });
}

/** A customer may withdraw a request until it is decided. */
export function withdrawRequest(ctx: DomainContext, input: { customer: User; requestId: string }) {
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, { id: input.requestId, customerId: input.customer.id });
    if (!request) throw requestNotFound();
    return applyTransition(ctx, tx, {
      request,
      event: "withdraw",
      actorId: input.customer.id,
      patch: { clockPausedAt: null },
      entries: [{ kind: "withdrawn", public: true }],
    });
  });
}
