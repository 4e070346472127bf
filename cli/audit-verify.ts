import { verifyAuditChain, type AuditChainReport } from "../domain/audit/verify-audit-chain";
import { loadEnv } from "../server/env";
import { openExistingDatabase, runCommand } from "./command";

const REASONS: Record<Extract<AuditChainReport, { ok: false }>["reason"], string> = {
  hash: "hash: the row's content no longer matches its hash",
  link: "link: the row does not point at the hash of the row before it",
  gap: "gap: the row is missing",
};

runCommand(async () => {
  const env = loadEnv();
  // Read-only: no migration, so checking a copy never changes it.
  const database = await openExistingDatabase(env);
  try {
    const report = await verifyAuditChain(database.db);
    if (report.ok) {
      console.log(`audit chain intact: ${report.rows} rows`);
      return 0;
    }
    console.error(`audit chain broken at row ${report.brokenSeq} (${REASONS[report.reason]}); ${report.rows} rows before it hold`);
    return 1;
  } finally {
    await database.close();
  }
});
