/**
 * Starts the production build of the real server for the end-to-end run, against a database
 * nobody else uses, and removes that database when the server stops.
 *
 * - embedded (default): a fresh PGlite folder in the system temp directory; the server seeds the
 *   demo accounts itself because the database is empty.
 * - TEST_DATABASE_URL set: a fresh `tl_e2e_<random>` database on that PostgreSQL server, seeded
 *   with `cli/seed.ts` (the server never seeds PostgreSQL), dropped afterwards.
 *
 * Playwright stops it with SIGTERM to the whole process group (see `gracefulShutdown` in
 * playwright.config.ts); a SIGKILL would leave the database behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { E2E_METRICS_TOKEN, e2eDatabaseUrlFile, e2eServerLogFile } from "./constants";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const port = process.env.E2E_PORT ?? "3210";
// Fixed too: tests hand the built-in mail catcher messages of their own (admin-mail.spec.ts).
const mailCatcherPort = process.env.E2E_MAIL_CATCHER_PORT ?? "2610";
const adminUrl = process.env.TEST_DATABASE_URL;
// Obviously fake: the run's personal data is thrown away with its database.
const E2E_DATA_KEY = "e2e0".repeat(16);

interface Prepared {
  env: Record<string, string>;
  describe: string;
  cleanup(): Promise<void>;
}

/** The environment of the parent minus anything that would point the server at another database. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (["DATABASE_URL", "DATA_DIR", "DATA_KEY", "REDIS_URL", "METRICS_TOKEN", "SEED_DEMO", "NODE_ENV", "SMTP_URL", "PUBLIC_URL"].includes(key)) continue;
    env[key] = value;
  }
  return env;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function run(command: string[], env: NodeJS.ProcessEnv, stdout: "inherit" | number = "inherit"): ChildProcess {
  const [file, ...args] = command;
  return spawn(file!, args, { cwd: root, env, stdio: ["inherit", stdout, "inherit"] });
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Node runs TypeScript through tsx, as `tsx server.ts` does, without a second wrapper process.
const tsx = (script: string) => [process.execPath, "--import", "tsx", script];

async function prepareEmbedded(): Promise<Prepared> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trustline-e2e-"));
  return {
    env: { DATA_DIR: dataDir, SEED_DEMO: "auto" },
    describe: `embedded database in ${dataDir}`,
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function preparePostgres(url: string): Promise<Prepared> {
  const name = `tl_e2e_${crypto.randomBytes(5).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const urlFile = e2eDatabaseUrlFile(port);
  const prepared: Prepared = {
    env: { DATABASE_URL: databaseUrl.toString(), DATA_KEY: E2E_DATA_KEY, SEED_DEMO: "never" },
    describe: `PostgreSQL database ${name} on ${databaseUrl.host}`,
    cleanup: async () => {
      fs.rmSync(urlFile, { force: true });
      // FORCE: a connection the server failed to close must not keep the database alive.
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
  fs.writeFileSync(urlFile, databaseUrl.toString());
  try {
    // Migrates and adds the demo accounts, as an operator would with `npm run db:seed`.
    const seeded = await exitOf(run(tsx("cli/seed.ts"), { ...baseEnv(), ...prepared.env, NODE_ENV: "test" as const }));
    if (seeded !== 0) throw new Error(`cli/seed.ts exited with ${seeded}`);
  } catch (error) {
    await prepared.cleanup();
    throw error;
  }
  return prepared;
}

let server: ChildProcess | undefined;
let stopRequested = false;
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
  process.on(signal, () => {
    stopRequested = true;
    // The server may have had the same signal from the process group already; twice is harmless.
    if (server && server.exitCode === null) server.kill(signal);
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    console.error("No production build: run `npm run build` before the end-to-end tests.");
    process.exit(1);
  }
  const prepared = adminUrl ? await preparePostgres(adminUrl) : await prepareEmbedded();
  if (stopRequested) {
    await prepared.cleanup();
    process.exit(1);
  }
  console.error(`e2e server: ${prepared.describe}, http://127.0.0.1:${port}`);

  // Every line the server logs, requests included, for tests/e2e/support/log-scan.ts to read.
  const log = fs.openSync(e2eServerLogFile(port), "w");
  server = run(tsx("server.ts"), {
    ...baseEnv(),
    ...prepared.env,
    NODE_ENV: "production" as const,
    // Pinned so that a run does not depend on the machine's zone; the browser side is pinned in
    // playwright.config.ts.
    TZ: "UTC",
    HOST: "127.0.0.1",
    PORT: port,
    MAIL_CATCHER_PORT: mailCatcherPort,
    METRICS_TOKEN: E2E_METRICS_TOKEN,
    LOG_LEVEL: "info",
  }, log);
  const code = await exitOf(server);
  try {
    await prepared.cleanup();
  } catch (error) {
    console.error(`e2e cleanup failed, remove ${prepared.describe} by hand:`, error);
    process.exit(1);
  }
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error("e2e server failed to start:", error);
  process.exit(1);
});
