import { defineConfig } from "@playwright/test";

// Fixed so that a stray server on it makes the run fail loudly instead of testing the wrong thing.
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const HOSTILE_INPUT = /hostile-input\.spec\.ts$/;

export default defineConfig({
  testDir: "tests/e2e",
  // Two cores: the server (PGlite runs on its thread) and one browser per worker.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: "list",
  // The server's log of the whole run must hold no personal data the tests typed in.
  globalTeardown: "./tests/e2e/support/log-scan.ts",
  // A staff sign-in may wait up to one 30-second TOTP step for a code nobody has used yet.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: "chromium",
    // The bank's customers read Chinese first; tests that need English say so.
    locale: "zh-CN",
    // The server's zone (web-server.ts sets TZ=UTC). Pages that format times during rendering
    // disagree with a browser in another zone; sessions.spec.ts covers China's zone on its own.
    timezoneId: "UTC",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // `npx playwright install` cannot download here; Debian's Chromium is used instead.
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // The hostile-input corpus compares the whole database before and after each refused batch, so
  // it runs once every other test is done and nobody else is writing.
  projects: [
    { name: "journeys", testIgnore: HOSTILE_INPUT },
    { name: "hostile-input", testMatch: HOSTILE_INPUT, dependencies: ["journeys"] },
  ],
  webServer: {
    // The production build (`npm run build` first), on a database made for this run only.
    command: `${JSON.stringify(process.execPath)} --import tsx tests/e2e/support/web-server.ts`,
    url: `${baseURL}/readyz`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the start script drop the run's database; SIGKILL would leave it behind.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
