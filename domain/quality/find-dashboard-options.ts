import { asc, eq, isNotNull } from "drizzle-orm";
import { users } from "../../db/schema";
import type { DomainContext } from "../context";
import { requireAnyRole, type StaffActor } from "../service-requests/request-access";
import { QUALITY_DASHBOARD_ROLES } from "./dashboard-figures";

/** What the dashboard's agent and branch filters offer: the staff and the branches they work at. */
export async function findDashboardOptions(ctx: DomainContext, input: { actor: StaffActor }) {
  requireAnyRole(input.actor, QUALITY_DASHBOARD_ROLES);
  const [agents, branches] = await Promise.all([
    ctx.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.kind, "staff")).orderBy(asc(users.name)),
    ctx.db.selectDistinct({ branch: users.branch }).from(users).where(isNotNull(users.branch)).orderBy(asc(users.branch)),
  ]);
  return { agents, branches: branches.flatMap((b) => (b.branch ? [b.branch] : [])) };
}
