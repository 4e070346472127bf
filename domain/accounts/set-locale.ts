import { eq } from "drizzle-orm";
import { users, type Locale } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";

/** Remembers the user's language for every screen and email. */
export async function setLocale(ctx: DomainContext, input: { userId: string; locale: Locale }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, input.userId));
    if (before?.locale === input.locale) return;
    await tx.update(users).set({ locale: input.locale }).where(eq(users.id, input.userId));
    await recordAudit(tx, {
      actorId: input.userId,
      action: "account.locale_changed",
      objectType: "user",
      objectId: input.userId,
      before: { locale: before?.locale ?? null },
      after: { locale: input.locale },
    });
  });
}
