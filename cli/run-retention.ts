import { runRetention } from "../domain/privacy/run-retention";
import { loadEnv } from "../server/env";
import { openServices } from "../server/open-services";
import { runCommand } from "./command";

// What the server's daily retention job does, on demand: safe beside running instances (each
// row is claimed once) — but not beside a server on the same embedded folder, which holds its lock.
runCommand(async () => {
  const services = await openServices(loadEnv());
  try {
    const counts = await runRetention(services.domain);
    for (const [kind, count] of Object.entries(counts)) console.log(`  ${kind.padEnd(16)} ${count}`);
    console.log(`retention run done: ${Object.values(counts).reduce((a, b) => a + b, 0)} expired records deleted`);
    return 0;
  } finally {
    await services.database.close();
  }
});
