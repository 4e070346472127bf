import { readBackupHeader, restoreBackup } from "../db/backup";
import { loadEnv } from "../server/env";
import { openServices } from "../server/open-services";
import { describeDatabase, runCommand } from "./command";

runCommand(async (args) => {
  const file = args[0];
  if (!file) {
    console.error("usage: npm run restore -- <backup file>");
    return 1;
  }
  const env = loadEnv();
  // A missing or foreign file is refused before anything, even an empty database, is created.
  await readBackupHeader(file);
  // Migrated first, so the backup's rows land in the current schema.
  const { database, domain } = await openServices(env);
  try {
    const report = await restoreBackup(domain.db, file, { cipher: domain.cipher });
    console.log(`restored ${file} (made ${report.header.createdAt}) into ${describeDatabase(env)}`);
    for (const t of report.tables) console.log(`  ${t.name.padEnd(16)} ${t.rows} rows`);
    if (report.auditChain.ok) {
      console.log(`audit chain intact: ${report.auditChain.rows} rows`);
      return 0;
    }
    console.error(
      `audit chain broken at row ${report.auditChain.brokenSeq} (${report.auditChain.reason}): ` +
        "the trail was altered before the backup was made",
    );
    return 1;
  } finally {
    await database.close();
  }
});
