import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

// Children get only what they need: none of the test run's own database settings leak in.
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DATA_DIR|DATA_KEY|DATA_KEY_PREVIOUS|DATA_KEY_FILE|TEST_DATABASE_URL|SEED_DEMO)$/.test(key)),
  );
  // The same Node as the tests (24), whatever the machine's default is.
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;
  return { ...base, PATH, ...env } as unknown as NodeJS.ProcessEnv;
}

function startTsx(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(tsx, args, { cwd: repoRoot, env: childEnv(env), stdio: ["pipe", "pipe", "pipe"] });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point (e.g. cli/migrate.ts) to its end. */
export function runTsx(script: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startTsx([script, ...args], env);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin?.end();
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface HeldDataDir {
  release(): Promise<void>;
}

/** A second process that holds the embedded database in `dataDir` open until released. */
export function holdDataDir(dataDir: string, timeoutMs = 60_000): Promise<HeldDataDir> {
  return new Promise((resolve, reject) => {
    const child = startTsx(["tests/support/hold-data-dir.ts", dataDir], {});
    let stdout = "";
    let stderr = "";
    const exited = new Promise<void>((done) => child.on("close", () => done()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`holder did not start within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes("ready")) return;
      clearTimeout(timer);
      resolve({
        async release() {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`holder exited with ${code} before it was ready\nstderr: ${stderr}`));
    });
  });
}
