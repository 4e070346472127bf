import { and, eq, isNotNull, notExists, type AnyColumn, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { users, type StaffRole } from "../../db/schema";
import { AppError } from "../errors";

/** Who handles privacy requests: the compliance officer, as the PIPL's person in charge. */
export const PRIVACY_DESK_ROLES: readonly StaffRole[] = ["compliance"];

export const privacyRequestNotFound = () =>
  new AppError("NOT_FOUND", { message: "privacy request not found", userMessage: "privacy.error.not_found" });

/**
 * A condition keeping out everything of a customer whose data was erased: what the law makes the
 * bank keep is kept, but no desk, dashboard, export or tracking page may show it again.
 * `customerId` may be null (a visitor's chat): such rows stay.
 */
export function notRetained(db: Executor, customerId: AnyColumn): SQL {
  return notExists(
    db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, customerId), isNotNull(users.erasedAt))),
  );
}
