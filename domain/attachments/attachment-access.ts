import { and, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { serviceRequests, userRoles, type AccountKind, type StaffRole } from "../../db/schema";
import { AppError } from "../errors";

/** Who is asking; roles as the session resolved them. */
export interface AttachmentViewer {
  userId: string;
  kind: AccountKind;
  roles: readonly StaffRole[];
}

/** Staff whose work on requests needs the documents; quality and admin see none. */
export const ATTACHMENT_STAFF_ROLES = ["agent", "manager", "risk", "compliance", "supervisor"] as const satisfies readonly StaffRole[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function hasAttachmentRole(roles: readonly StaffRole[]): boolean {
  return roles.some((role) => (ATTACHMENT_STAFF_ROLES as readonly StaffRole[]).includes(role));
}

/**
 * The condition on `service_requests` under which `viewer` may see a request's attachments, or
 * null when they may see none. Staff roles are checked again in the database, so a role taken
 * away counts at once, whatever the caller passed in.
 */
export function attachmentAccessCondition(db: Executor, viewer: AttachmentViewer): SQL | null {
  if (viewer.kind === "customer") return eq(serviceRequests.customerId, viewer.userId);
  if (viewer.kind !== "staff" || !hasAttachmentRole(viewer.roles)) return null;
  const roleHeld = db
    .select({ one: sql`1` })
    .from(userRoles)
    .where(and(eq(userRoles.userId, viewer.userId), inArray(userRoles.role, [...ATTACHMENT_STAFF_ROLES])));
  return exists(roleHeld);
}

// One answer for "no such attachment" and "not yours": the caller cannot tell them apart.
export const attachmentNotFound = () =>
  new AppError("NOT_FOUND", { message: "no such attachment for this viewer", userMessage: "page.not_found_title" });
