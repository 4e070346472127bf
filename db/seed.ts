import { count, eq } from "drizzle-orm";
import { insertCustomer } from "../domain/accounts/register-customer";
import { createCannedReply } from "../domain/canned-replies/create-canned-reply";
import { createStaff } from "../domain/accounts/create-staff";
import { findUserByEmail } from "../domain/accounts/find-account";
import type { DomainContext } from "../domain/context";
import { hashPassword } from "../domain/identity/password";
import { cannedReplies, users, type StaffRole } from "./schema";

// Demo only: one password for every demo account, and fixed TOTP secrets so that the README
// can list them. Never seeded into a database that already has accounts.
export const DEMO_PASSWORD = "Trustline-demo-2026";

export const DEMO_STAFF: { email: string; name: string; roles: StaffRole[]; totpSecret: string; branch?: string }[] = [
  { email: "admin@trustline.test", name: "Admin Ada", roles: ["admin"], totpSecret: "BSBLESTW6V5S2D6BIFGVVULVIHX3345K" },
  { email: "agent@trustline.test", name: "Agent Li Na", roles: ["agent"], totpSecret: "DNROOZ6URH7F3XCRNPA3S7OCJHLGRK6U", branch: "北京海淀支行" },
  { email: "manager@trustline.test", name: "Manager Wang Wei", roles: ["manager"], totpSecret: "HMDK34DFTFDOUAVE5TXLZJGZIEUOTOEM" },
  { email: "risk@trustline.test", name: "Risk Zhao Min", roles: ["risk"], totpSecret: "DVMDPFECH3UHJBQZNRAEDJ4V7YVDIOXU" },
  { email: "compliance@trustline.test", name: "Compliance Chen Jie", roles: ["compliance"], totpSecret: "AD35HTWPZVCLVJHOHQJHMO4JDMHHXWW7" },
  { email: "investigator@trustline.test", name: "Investigator Sun Hao", roles: ["investigator"], totpSecret: "D2VD3NH6HE4CUFOJHGJFJAF463W5SRRB", branch: "北京朝阳支行" },
  { email: "supervisor@trustline.test", name: "Supervisor Zhou Lin", roles: ["supervisor", "investigator"], totpSecret: "IESTW43AMNUBTF74Y4D7CMBKXUOOYEP2", branch: "北京海淀支行" },
  // Holds two approval roles: shows the four-eyes rule refusing a second step of one request.
  { email: "approver@trustline.test", name: "Approver Qian Yu", roles: ["manager", "risk"], totpSecret: "SPQGXSUIESZNPOOKG4NV2I374532M7KX" },
  { email: "quality@trustline.test", name: "Quality Wu Fang", roles: ["quality"], totpSecret: "WXSLCIOE263QIP3ZG4KNLRXIZJDHYMKJ", branch: "北京分行营业部" },
];

export const DEMO_CUSTOMERS = [
  { email: "customer@trustline.test", name: "张伟", mobile: "13800000001", locale: "zh-CN" as const },
  { email: "emma@trustline.test", name: "Emma Brown", mobile: "13900000002", locale: "en" as const },
  { email: "liu@trustline.test", name: "刘洋", mobile: "13700000003", locale: "zh-CN" as const },
];

// What agents say most, ready in both languages on the agents' desk.
export const DEMO_CANNED_REPLIES = [
  {
    title: "问候 Greeting",
    textZh: "您好，我是信线银行客服，很高兴为您服务。请问有什么可以帮您？",
    textEn: "Hello, this is Trustline Bank customer service. How can I help you today?",
  },
  {
    title: "询问受理号 Acceptance number",
    textZh: "请提供您的受理号（以 TL 开头，例如 TL20261128000123），我帮您查询办理进度。",
    textEn: "Could you give me your acceptance number (it starts with TL, like TL20261128000123)? I'll check the progress for you.",
  },
  {
    title: "请稍候 Please hold",
    textZh: "好的，我正在为您查询，请稍候一两分钟。",
    textEn: "Thank you, I'm looking into it now. Please hold for a minute or two.",
  },
  {
    title: "核实身份 Identity check",
    textZh: "为保护您的账户安全，请提供账户绑定手机号的后四位，以便核实身份。",
    textEn: "To protect your account, please tell me the last four digits of the mobile number registered with it so I can verify who you are.",
  },
  {
    title: "结束语 Closing",
    textZh: "感谢您的耐心，还有其他可以帮您的吗？如没有，本次对话即将结束，稍后会请您对服务进行评价。祝您生活愉快！",
    textEn: "Thank you for your patience. Is there anything else I can help with? If not, I'll close this chat now and you'll be asked to rate our service. Have a good day!",
  },
];

export async function isEmpty(ctx: DomainContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) === 0;
}

/** Adds the demo accounts that are missing (and canned replies to an empty list); returns the emails it created. */
export async function seedDemoData(ctx: DomainContext): Promise<string[]> {
  const created: string[] = [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const staff of DEMO_STAFF) {
    if (await findUserByEmail(ctx.db, staff.email)) continue;
    const { user } = await createStaff(ctx, { actorId: "system:seed", ...staff, password: DEMO_PASSWORD });
    await ctx.db
      .update(users)
      .set({ totpSecretEnc: ctx.cipher.encrypt(staff.totpSecret), totpEnabled: true, branch: staff.branch ?? null })
      .where(eq(users.id, user.id));
    created.push(staff.email);
  }
  for (const customer of DEMO_CUSTOMERS) {
    if (await findUserByEmail(ctx.db, customer.email)) continue;
    await ctx.db.transaction((tx) => insertCustomer(ctx, tx, { ...customer, passwordHash }));
    created.push(customer.email);
  }
  const [replies] = await ctx.db.select({ n: count() }).from(cannedReplies);
  if (Number(replies?.n ?? 0) === 0) {
    for (const reply of DEMO_CANNED_REPLIES) await createCannedReply(ctx, { actorId: "system:seed", ...reply });
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
