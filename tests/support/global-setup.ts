import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { dropDatabase, TEST_DATABASE_PREFIX, withAdminClient } from "./test-database";

/**
 * Gives this run an id that every PostgreSQL test database name carries, and at the end drops
 * whatever a crashed or killed test file left behind — only this run's, since other runs may
 * share the server.
 *
 * Also prepares one empty embedded database to copy: creating a PGlite folder from scratch
 * (initdb) takes seconds, copying a closed one a fraction of that.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const runId = crypto.randomBytes(3).toString("hex");
  const templateDir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-test-template-"));
  const template = await openDatabase({ dataDir: templateDir });
  await template.close();
  // Workers are forked after the global setup and inherit the environment.
  process.env.TL_TEST_RUN_ID = runId;
  process.env.TL_TEST_PGLITE_TEMPLATE = path.join(templateDir, "pgdata");
  return async () => {
    await fs.rm(templateDir, { recursive: true, force: true });
    if (!process.env.TEST_DATABASE_URL) return;
    await withAdminClient(async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`${TEST_DATABASE_PREFIX}${runId}\\_%`],
      );
      for (const row of rows) await dropDatabase(client, row.datname);
    });
  };
}
