import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { users } from "../../db/schema";
import type { DomainContext } from "../context";

const BATCH_ROWS = 500;

/**
 * Fills `users.mobile_index` for accounts registered before it existed, at every start: SQL
 * cannot compute the keyed hash, so the migration could not. Once they are all indexed this is
 * one query that finds nothing; instances starting together write the same values.
 */
export async function indexCustomerMobiles(ctx: Pick<DomainContext, "db" | "cipher">): Promise<number> {
  let indexed = 0;
  for (;;) {
    const batch = await ctx.db
      .select({ id: users.id, mobileEnc: users.mobileEnc })
      .from(users)
      .where(and(isNotNull(users.mobileEnc), isNull(users.mobileIndex)))
      .limit(BATCH_ROWS);
    if (batch.length === 0) return indexed;
    await ctx.db.transaction(async (tx) => {
      for (const { id, mobileEnc } of batch) {
        await tx.update(users).set({ mobileIndex: ctx.cipher.blindIndex(ctx.cipher.decrypt(mobileEnc!)) }).where(eq(users.id, id));
      }
    });
    indexed += batch.length;
  }
}
