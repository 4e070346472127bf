import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";
import { lockDataDir } from "./data-dir-lock";

export type Schema = typeof schema;
/** One drizzle type for both drivers: app code never knows which one it talks to. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "postgres";
  /** Runs `fn` while holding a PostgreSQL session-level advisory lock. */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions = { databaseUrl: string } | { dataDir: string };

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return "databaseUrl" in options
    ? openPostgres(options.databaseUrl)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A client that loses its connection (the database restarts) must not crash the process:
  // the pool drops an idle one itself ("error" on the pool); a checked-out one, between two
  // queries of a transaction, emits "error" on itself — its next query fails and is answered as
  // the database being unavailable, and the pool discards it when it is released.
  pool.on("error", () => {});
  pool.on("connect", (client) => client.on("error", () => {}));
  await pool.query("select 1");
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  return {
    db,
    driver: "postgres",
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [key]);
        try {
          return await fn();
        } finally {
          await client.query("select pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query("select 1");
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * PGlite's page cache. PostgreSQL's default (128 MB) is all touched at start-up inside the WASM
 * memory, so an idle server held it; the data files are also cached by the operating system.
 */
const PGLITE_SHARED_BUFFERS = "32MB";

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  // NOTE: PGlite is single-process — a second process on the same folder would silently
  // lose writes, so the folder is locked before PGlite touches it.
  const unlock = await lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: `${dataDir}/pgdata`, startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] });
  } catch (error) {
    await unlock();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    // One process, one connection: the folder lock already serialises everything.
    withAdvisoryLock: (_key, fn) => fn(),
    async ping() {
      await client.query("select 1");
    },
    async close() {
      await client.close();
      await unlock();
    },
  };
}
