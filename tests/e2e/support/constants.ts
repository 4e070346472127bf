import os from "node:os";
import path from "node:path";

/** The scraper token the e2e server accepts on /metrics; shared by the server's start script and the tests. */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-not-secret";

/** Where the start script writes everything the e2e server logs; read after the run (log-scan.ts). */
export function e2eServerLogFile(port = process.env.E2E_PORT ?? "3210"): string {
  return path.join(os.tmpdir(), `trustline-e2e-${port}-server.log`);
}

/**
 * Where the run's PostgreSQL address is left for the tests that compare the database before and
 * after a refused request (hostile-input.spec.ts). An embedded database has no such address: its
 * folder is locked by the server, the one process allowed on it.
 */
export function e2eDatabaseUrlFile(e2ePort: string): string {
  return path.join(os.tmpdir(), `trustline-e2e-${e2ePort}.database-url`);
}
