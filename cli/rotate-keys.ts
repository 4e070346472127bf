import { createPiiCipher, UnknownDataKeyError } from "../domain/identity/pii-cipher";
import { rotateDataKeys } from "../domain/identity/rotate-data-keys";
import { resolveDataKeys } from "../server/data-key";
import { loadEnv } from "../server/env";
import { CommandError, describeDatabase, openExistingDatabase, runCommand } from "./command";

runCommand(async () => {
  const env = loadEnv();
  if (!env.DATA_KEYS || env.DATA_KEYS.length < 2) {
    throw new CommandError(
      "Nothing to rotate to: set the new key as DATA_KEY and the old ones in DATA_KEY_PREVIOUS " +
        "(or list them all in DATA_KEY_FILE, the new key first).",
    );
  }
  const cipher = createPiiCipher(resolveDataKeys(env));
  const database = await openExistingDatabase(env);
  try {
    console.log(`re-encrypting personal data in the ${describeDatabase(env)} under key ${cipher.currentKeyId}`);
    const report = await rotateDataKeys({
      database,
      cipher,
      onBatch: ({ table, rewritten }) => console.log(`  ${table.padEnd(18)} ${rewritten} rows so far`),
    }).catch((error: unknown) => {
      if (!(error instanceof UnknownDataKeyError)) throw error;
      throw new CommandError(
        `Some personal data is under data key ${error.keyId}, which is not configured: add that key to DATA_KEY_PREVIOUS ` +
          "(or DATA_KEY_FILE) and run again. Nothing of the batch in progress was changed.",
      );
    });
    for (const t of report.tables) {
      console.log(`  ${t.name.padEnd(18)} ${t.rewritten} rewritten${t.sealed ? `, ${t.sealed} read-only (kept as they are)` : ""}`);
    }
    console.log(`${report.rewritten} rows re-encrypted under key ${report.keyId}`);
    const needed = Object.entries(report.stillNeeded);
    if (needed.length === 0) {
      console.log("No row needs an older key any more for decryption; keep the original key (the last one) all the same: it derives the lookup index.");
    } else {
      for (const [keyId, values] of needed) console.log(`Keep key ${keyId}: ${values} read-only values (archived complaints, reveal notes in the audit trail) still need it until their retention ends.`);
    }
    return 0;
  } finally {
    await database.close();
  }
});
