/** The scraper token the e2e server accepts on /metrics; shared by the server's start script and the tests. */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-not-secret";
