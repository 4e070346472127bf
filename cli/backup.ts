import { defaultBackupFile, writeBackup } from "../db/backup";
import { loadEnv } from "../server/env";
import { describeDatabase, openExistingDatabase, runCommand } from "./command";

runCommand(async (args) => {
  const env = loadEnv();
  const file = args[0] ?? defaultBackupFile();
  const database = await openExistingDatabase(env);
  try {
    const header = await writeBackup(database.db, file);
    console.log(`backup of ${describeDatabase(env)} written to ${file}`);
    for (const t of header.tables) console.log(`  ${t.name.padEnd(16)} ${t.rows} rows`);
    console.log(`  schema at ${header.migrations} migrations`);
    console.log(
      "Personal data in the backup stays encrypted with this installation's data key " +
        `(${env.DATA_KEYS ? (env.DATA_KEY_FILE ?? "DATA_KEY") : `${env.DATA_DIR}/data.key`}); keep the key safe, apart from the backup — ` +
        "without it the backup cannot be restored.",
    );
    return 0;
  } finally {
    await database.close();
  }
});
