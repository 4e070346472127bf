import { count, eq } from "drizzle-orm";
import { insertCustomer } from "../domain/accounts/register-customer";
import { createStaff } from "../domain/accounts/create-staff";
import { findUserByEmail } from "../domain/accounts/find-account";
import type { DomainContext } from "../domain/context";
import { hashPassword } from "../domain/identity/password";
import { users, type StaffRole } from "./schema";

// Demo only: one password for every demo account, and fixed TOTP secrets so that the README
// can list them. Never seeded into a database that already has accounts.
export const DEMO_PASSWORD = "Trustline-demo-2026";

export const DEMO_STAFF: { email: string; name: string; roles: StaffRole[]; totpSecret: string }[] = [
  { email: "admin@trustline.test", name: "Admin Ada", roles: ["admin"], totpSecret: "BSBLESTW6V5S2D6BIFGVVULVIHX3345K" },
  { email: "agent@trustline.test", name: "Agent Li Na", roles: ["agent"], totpSecret: "DNROOZ6URH7F3XCRNPA3S7OCJHLGRK6U" },
  { email: "manager@trustline.test", name: "Manager Wang Wei", roles: ["manager"], totpSecret: "HMDK34DFTFDOUAVE5TXLZJGZIEUOTOEM" },
  { email: "risk@trustline.test", name: "Risk Zhao Min", roles: ["risk"], totpSecret: "DVMDPFECH3UHJBQZNRAEDJ4V7YVDIOXU" },
  { email: "compliance@trustline.test", name: "Compliance Chen Jie", roles: ["compliance"], totpSecret: "AD35HTWPZVCLVJHOHQJHMO4JDMHHXWW7" },
  { email: "investigator@trustline.test", name: "Investigator Sun Hao", roles: ["investigator"], totpSecret: "D2VD3NH6HE4CUFOJHGJFJAF463W5SRRB" },
  { email: "supervisor@trustline.test", name: "Supervisor Zhou Lin", roles: ["supervisor", "investigator"], totpSecret: "IESTW43AMNUBTF74Y4D7CMBKXUOOYEP2" },
  // Holds two approval roles: shows the four-eyes rule refusing a second step of one request.
  { email: "approver@trustline.test", name: "Approver Qian Yu", roles: ["manager", "risk"], totpSecret: "SPQGXSUIESZNPOOKG4NV2I374532M7KX" },
  { email: "quality@trustline.test", name: "Quality Wu Fang", roles: ["quality"], totpSecret: "WXSLCIOE263QIP3ZG4KNLRXIZJDHYMKJ" },
];

export const DEMO_CUSTOMERS = [
  { email: "customer@trustline.test", name: "张伟", mobile: "13800000001", locale: "zh-CN" as const },
  { email: "emma@trustline.test", name: "Emma Brown", mobile: "13900000002", locale: "en" as const },
  { email: "liu@trustline.test", name: "刘洋", mobile: "13700000003", locale: "zh-CN" as const },
];

export async function isEmpty(ctx: DomainContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) === 0;
}

/** Adds the demo accounts that are missing; returns the emails it created. */
export async function seedDemoData(ctx: DomainContext): Promise<string[]> {
  const created: string[] = [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const staff of DEMO_STAFF) {
    if (await findUserByEmail(ctx.db, staff.email)) continue;
    const { user } = await createStaff(ctx, { actorId: "system:seed", ...staff, password: DEMO_PASSWORD });
    await ctx.db
      .update(users)
      .set({ totpSecretEnc: ctx.cipher.encrypt(staff.totpSecret), totpEnabled: true })
      .where(eq(users.id, user.id));
    created.push(staff.email);
  }
  for (const customer of DEMO_CUSTOMERS) {
    if (await findUserByEmail(ctx.db, customer.email)) continue;
    await ctx.db.transaction((tx) => insertCustomer(ctx, tx, { ...customer, passwordHash }));
    created.push(customer.email);
  }
  return created;
}

export function describeDemoAccounts(): string {
  const lines = [
    `Demo accounts (password for all: ${DEMO_PASSWORD})`,
    ...DEMO_STAFF.map((s) => `  ${s.roles.join("+").padEnd(24)} ${s.email.padEnd(30)} TOTP secret ${s.totpSecret}`),
    ...DEMO_CUSTOMERS.map((c) => `  ${"customer".padEnd(24)} ${c.email}`),
  ];
  return lines.join("\n");
}
