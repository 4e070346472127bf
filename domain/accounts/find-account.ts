import { eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { userRoles, users, type StaffRole, type User } from "../../db/schema";

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

export async function findRoles(db: Executor, userId: string): Promise<StaffRole[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role).sort();
}
