import os from "node:os";
import path from "node:path";

/** The scraper token the e2e server accepts on /metrics; shared by the server's start script and the tests. */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-not-secret";

/** Where the start script writes everything the e2e server logs; read after the run (log-scan.ts). */
export function e2eServerLogFile(port = process.env.E2E_PORT ?? "3210"): string {
  return path.join(os.tmpdir(), `trustline-e2e-${port}-server.log`);
}
