import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // tests/e2e belongs to Playwright.
    include: ["tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    // One process per file: PGlite is WASM with its own memory (100–400 MB an instance),
    // so two at a time on a two-core machine, and a file's memory goes back when it ends.
    pool: "forks",
    maxWorkers: 2,
    // argon2id hashing is deliberately slow (~50 ms) and a PGlite starts in a second or two.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
