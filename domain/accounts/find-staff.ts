import { asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { userRoles, users, type StaffRole } from "../../db/schema";

export interface StaffSummary {
  id: string;
  name: string;
  email: string;
  branch: string | null;
  roles: StaffRole[];
  totpEnabled: boolean;
  createdAt: Date;
}

export async function findStaff(db: Executor): Promise<StaffSummary[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      branch: users.branch,
      totpEnabled: users.totpEnabled,
      createdAt: users.createdAt,
      role: userRoles.role,
    })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(eq(users.kind, "staff"))
    .orderBy(asc(users.createdAt), asc(userRoles.role));
  const byId = new Map<string, StaffSummary>();
  for (const { role, ...row } of rows) {
    const entry = byId.get(row.id) ?? { ...row, roles: [] };
    if (role) entry.roles.push(role);
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}
