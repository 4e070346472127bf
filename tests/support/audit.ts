import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { auditLog } from "../../db/schema";
import type { DomainContext } from "../../domain/context";

/** The audit trail about one object, oldest first. */
export async function auditTrailOf(ctx: DomainContext, objectId: string) {
  return ctx.db.select().from(auditLog).where(eq(auditLog.objectId, objectId)).orderBy(asc(auditLog.seq));
}

export async function auditActionsOf(ctx: DomainContext, objectId: string): Promise<string[]> {
  return (await auditTrailOf(ctx, objectId)).map((row) => row.action);
}

/** Edits the trail behind the triggers' back, as an intruder with table-owner rights could. */
export async function tamperWithAuditRow(db: Database, seq: number, action: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await tx.execute(sql`UPDATE audit_log SET action = ${action} WHERE seq = ${seq}`);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
  });
}
