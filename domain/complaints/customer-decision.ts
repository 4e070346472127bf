import { and, eq, lte } from "drizzle-orm";
import { complaints } from "../../db/schema";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { confirmationDueAt, isSilentlyAccepted, reviewProblem } from "./complaint-deadlines";
import { disputeProblem } from "./complaint-lifecycle";
import { applyComplaintTransition, lockComplaint, lockComplaintById } from "./complaint-records";
import { getComplaintSettings } from "./complaint-settings";
import { openReviewCase } from "./open-review-case";

/**
 * The customer's answers to a decision (SPEC §3): accept the resolution, dispute it with a reason
 * (it reopens to a supervisor), or — within 30 days of the decision — ask for a review (核查).
 * Each works on the customer's own complaint only: another's number is simply not found.
 */

export async function acceptResolution(ctx: DomainContext, input: { customerId: string; number: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const complaint = await lockComplaint(tx, { number: input.number, customerId: input.customerId });
    await applyComplaintTransition(ctx, tx, {
      complaint,
      event: "accept",
      actor: { userId: input.customerId },
      entries: [{ kind: "accepted", public: true }],
    });
  });
}

export async function disputeResolution(ctx: DomainContext, input: { customerId: string; number: string; reason: string }): Promise<void> {
  if (disputeProblem(input.reason)) {
    throw new AppError("INVALID_INPUT", { message: "a dispute needs a reason", userMessage: "complaint.reason_required", field: "reason" });
  }
  await ctx.db.transaction(async (tx) => {
    const complaint = await lockComplaint(tx, { number: input.number, customerId: input.customerId });
    await applyComplaintTransition(ctx, tx, {
      complaint,
      event: "dispute",
      actor: { userId: input.customerId },
      entries: [{ kind: "disputed", public: true, body: input.reason.trim() }],
    });
  });
}

/**
 * A review of the decision. While the case is open it goes back to a supervisor in the same
 * case; once it is archived (read-only), the review is a new case linked to it. Returns the
 * number of the case the review runs in.
 */
export async function requestReview(ctx: DomainContext, input: { customerId: string; number: string; reason: string }): Promise<{ number: string }> {
  if (disputeProblem(input.reason)) {
    throw new AppError("INVALID_INPUT", { message: "a review request needs a reason", userMessage: "complaint.reason_required", field: "reason" });
  }
  const reason = input.reason.trim();
  return ctx.db.transaction(async (tx) => {
    const complaint = await lockComplaint(tx, { number: input.number, customerId: input.customerId });
    if (!complaint.decidedAt || reviewProblem(complaint.decidedAt, ctx.now())) {
      throw new AppError("CONFLICT", { message: "no decision to review, or the window has closed", userMessage: "complaint.review_window_closed" });
    }
    if (complaint.status === "archived") return openReviewCase(ctx, tx, { archived: complaint, reason });
    await applyComplaintTransition(ctx, tx, {
      complaint,
      event: "request_review",
      actor: { userId: input.customerId },
      entries: [{ kind: "review_requested", public: true, body: reason }],
    });
    return { number: complaint.number };
  });
}

const DAY_MS = 86_400_000;

/**
 * A resolution left unanswered for the confirmation period (7 days unless an admin set another)
 * counts as accepted: the complaint moves on to its survey. Each complaint is taken under its
 * row lock and checked again, so instances running this together accept it once.
 */
export async function acceptSilentResolutions(ctx: DomainContext): Promise<{ accepted: number }> {
  const now = ctx.now();
  const { confirmationDays } = await getComplaintSettings(ctx.db);
  // Every one due is decided at least `confirmationDays` whole days ago; the exact rule is checked below.
  const candidates = await ctx.db
    .select({ id: complaints.id })
    .from(complaints)
    .where(and(eq(complaints.status, "awaiting_confirmation"), lte(complaints.decidedAt, new Date(now.getTime() - confirmationDays * DAY_MS))));
  let accepted = 0;
  for (const { id } of candidates) {
    await ctx.db.transaction(async (tx) => {
      const complaint = await lockComplaintById(tx, id);
      if (complaint.status !== "awaiting_confirmation" || !complaint.decidedAt) return;
      if (!isSilentlyAccepted(complaint.decidedAt, now, confirmationDays)) return;
      await applyComplaintTransition(ctx, tx, {
        complaint,
        event: "accept_by_silence",
        actor: "system",
        entries: [{ kind: "accepted_by_silence", public: true, data: { answerBy: confirmationDueAt(complaint.decidedAt, confirmationDays).toISOString() } }],
      });
      accepted += 1;
    });
  }
  return { accepted };
}
