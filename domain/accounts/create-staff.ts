import crypto from "node:crypto";
import { userRoles, users, type StaffRole } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";
import { AppError } from "../errors";
import { hashPassword } from "../identity/password";
import { findUserByEmail } from "./find-account";

/**
 * An admin opens a staff account. Staff never register themselves; the first password is
 * generated and shown once to the admin, and the second factor is enrolled at first sign-in.
 */
export async function createStaff(
  ctx: DomainContext,
  input: { actorId: string; name: string; email: string; roles: StaffRole[]; password?: string },
) {
  const password = input.password ?? crypto.randomBytes(15).toString("base64url");
  const passwordHash = await hashPassword(password);
  const roles = [...new Set(input.roles)].sort();
  const user = await ctx.db.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw new AppError("CONFLICT", { message: "staff email already in use", userMessage: "error.email_taken", field: "email" });
    }
    const [created] = await tx
      .insert(users)
      .values({ kind: "staff", name: input.name, email: input.email, passwordHash })
      .returning();
    if (!created) throw new Error("insert returned no row");
    await tx.insert(userRoles).values(roles.map((role) => ({ userId: created.id, role })));
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "staff.created",
      objectType: "user",
      objectId: created.id,
      after: { roles },
    });
    return created;
  });
  return { user, roles, temporaryPassword: password };
}
