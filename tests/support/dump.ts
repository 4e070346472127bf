import { sql } from "drizzle-orm";
import type { DomainContext } from "../../domain/context";

/**
 * Every row of every table, as PostgreSQL prints it: what `pg_dump` or a copied data folder
 * would give an intruder, the outbox and the audit trail included.
 */
export async function dumpEveryTable(ctx: DomainContext): Promise<string> {
  const tables = await ctx.db.execute(
    sql`select schemaname, tablename from pg_tables where schemaname in ('public', 'drizzle') order by 1, 2`,
  );
  const out: string[] = [];
  for (const { schemaname, tablename } of (tables as unknown as { rows: { schemaname: string; tablename: string }[] }).rows) {
    const rows = await ctx.db.execute(sql`select t::text as line from ${sql.identifier(schemaname)}.${sql.identifier(tablename)} t`);
    out.push(`-- ${schemaname}.${tablename}`, ...(rows as unknown as { rows: { line: string }[] }).rows.map((r) => r.line));
  }
  return out.join("\n");
}
