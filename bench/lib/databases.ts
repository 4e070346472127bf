import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type DatabaseKind = "postgres" | "pglite";
export const DATABASE_LABEL: Record<DatabaseKind, string> = { postgres: "PostgreSQL", pglite: "PGlite" };

/** The server on this machine the bench makes its scratch databases on (never one it did not create). */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface ScratchDatabase {
  kind: DatabaseKind;
  /** What a Trustline process needs to open it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database for one scenario: a new database on the PostgreSQL server, or a new PGlite folder. */
export async function scratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  const dataKey = crypto.randomBytes(32).toString("hex");
  if (kind === "postgres") {
    const name = `tl_bench_${crypto.randomBytes(5).toString("hex")}`;
    await admin((client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      kind,
      env: { DATABASE_URL: url.toString(), DATA_KEY: dataKey },
      drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-"));
  return {
    kind,
    env: { DATA_DIR: dataDir, DATA_KEY: dataKey },
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}
