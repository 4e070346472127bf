// The bare baseline server: the baseline Remix app (bench/bare-remix/app) on Express through the
// same adapter as the product, optionally with one drizzle primary-key select per request on
// PostgreSQL (BARE_DATABASE_URL) or PGlite (BARE_DATA_DIR). Reports its port over IPC.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AddressInfo } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import express from "express";
import pg from "pg";

const rows = pgTable("bench_rows", { id: integer("id").primaryKey(), label: text("label").notNull() });
const ROWS = 10_000;

async function openDatabase() {
  if (process.env.BARE_DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
    return { db: drizzlePg(pool), close: () => pool.end() };
  }
  if (process.env.BARE_DATA_DIR) {
    const client = await PGlite.create({ dataDir: process.env.BARE_DATA_DIR });
    return { db: drizzlePglite(client), close: () => client.close() };
  }
  return null;
}

const database = await openDatabase();
if (database) {
  await database.db.execute(sql`create table if not exists bench_rows (id integer primary key, label text not null)`);
  await database.db.execute(
    sql`insert into bench_rows select n, 'row ' || n from generate_series(1, ${ROWS}) as n on conflict do nothing`,
  );
}
const selectRow = database
  ? async (id: number) => (await database.db.select().from(rows).where(eq(rows.id, ((id - 1) % ROWS) + 1)))[0]
  : undefined;

const root = path.dirname(fileURLToPath(import.meta.url));
const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
const app = express();
app.disable("x-powered-by");
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: () => ({ selectRow }) as unknown as AppLoadContext }));
const server = app.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
const stop = () => server.close(() => void database?.close().finally(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("disconnect", stop);
