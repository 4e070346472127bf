import { and, eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";

export const MAX_BRANCH_CHARS = 100;

/**
 * An admin records the branch a member of staff works at (empty: none). Surveys snapshot it
 * when they are sent, so a move changes only the surveys sent afterwards.
 */
export async function setStaffBranch(ctx: DomainContext, input: { actor: StaffActor; userId: string; branch: string | null }): Promise<void> {
  requireAnyRole(input.actor, ["admin"]);
  const branch = input.branch?.trim() || null;
  if (branch && branch.length > MAX_BRANCH_CHARS) {
    throw new AppError("INVALID_INPUT", { message: "branch name too long", userMessage: "error.too_long", field: "branch" });
  }
  await ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: users.id, branch: users.branch })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.kind, "staff")))
      .for("update");
    if (!member) throw new AppError("NOT_FOUND", { message: "no such staff member", userMessage: "page.not_found_title" });
    if (member.branch === branch) return;
    await tx.update(users).set({ branch }).where(eq(users.id, member.id));
    await recordAudit(tx, {
      actorId: input.actor.userId,
      action: "staff.branch_changed",
      objectType: "user",
      objectId: member.id,
      before: { branch: member.branch },
      after: { branch },
    });
  });
}
