import { appliedMigrationCount } from "../db/backup";
import { migrateDatabase } from "../db/migrate";
import { loadEnv } from "../server/env";
import { describeDatabase, openConfiguredDatabase, runCommand } from "./command";

runCommand(async () => {
  const env = loadEnv();
  const database = await openConfiguredDatabase(env);
  try {
    const before = await appliedMigrationCount(database.db);
    await migrateDatabase(database);
    const after = await appliedMigrationCount(database.db);
    // "before" is read outside the migration lock, so a concurrent run may have done the work.
    console.log(`${describeDatabase(env)}: schema up to date, ${after} migrations${after === before ? " (nothing to apply)" : ""}`);
    return 0;
  } finally {
    await database.close();
  }
});
