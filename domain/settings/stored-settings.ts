import { eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { settings } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { DomainContext } from "../context";

/** The value an admin stored under `key`, or an empty object: callers fill in their defaults. */
export async function readSetting<T extends object>(executor: Executor, key: string): Promise<Partial<T>> {
  const [row] = await executor.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return (row?.value ?? {}) as Partial<T>;
}

/** Stores an admin's change of `key` with its audit entry (what it was, what it is). */
export async function writeSetting<T extends object>(
  ctx: DomainContext,
  input: { key: string; actorId: string; action: string; value: T; read: (executor: Executor) => Promise<T> },
): Promise<void> {
  const { key, value } = input;
  await ctx.db.transaction(async (tx) => {
    const before = await input.read(tx);
    await tx
      .insert(settings)
      .values({ key, value, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: ctx.now() } });
    await recordAudit(tx, { actorId: input.actorId, action: input.action, objectType: "settings", objectId: key, before, after: value });
  });
}
