import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface BenchProcess {
  pid: number;
  url: string;
  /** Resident memory now, in MB. */
  rssMb(): number;
  /** After a forced garbage collection, in MB: only for a process started with `probe`. */
  memoryAfterGc(): Promise<{ rssMb: number; heapUsedMb: number }>;
  stop(): Promise<void>;
}

/** Node flags for a process the bench can ask for its memory after a garbage collection (bench/lib/memory-probe.ts). */
const PROBE_ARGS = ["--expose-gc", "--import", path.join(path.dirname(fileURLToPath(import.meta.url)), "memory-probe.ts")];

export function rssMbOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
}

function handle(child: ChildProcess, url: string): BenchProcess {
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  return {
    pid: child.pid!,
    url,
    rssMb: () => rssMbOf(child.pid!),
    memoryAfterGc() {
      if (!child.connected) return Promise.reject(new Error("this process was not started with the memory probe"));
      return new Promise((resolve) => {
        const answer = (message: { probe?: string; usage?: NodeJS.MemoryUsage }) => {
          if (message.probe !== "memory" || !message.usage) return;
          child.off("message", answer);
          resolve({ rssMb: message.usage.rss / 2 ** 20, heapUsedMb: message.usage.heapUsed / 2 ** 20 });
        };
        child.on("message", answer);
        child.send({ probe: "memory" });
      });
    },
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TypeScript program that reports `{ port }` over IPC once it listens on 127.0.0.1. */
export function startReporting(script: string, env: Record<string, string> = {}, options: { probe?: boolean } = {}, timeoutMs = 60_000): Promise<BenchProcess> {
  const child = fork(path.join(repoRoot, script), [], {
    execArgv: ["--import", "tsx", ...(options.probe ? PROBE_ARGS : [])],
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    child.once("message", (message: { port: number }) => {
      clearTimeout(timer);
      resolve(handle(child, `http://127.0.0.1:${message.port}`));
    });
  });
}

/**
 * The product's production server (server.ts, built with `remix build`) on 127.0.0.1:`port`, once
 * /readyz answers; with `probe`, one the bench can ask for its memory after a garbage collection.
 */
export async function startProduct(env: Record<string, string>, port: number, options: { probe?: boolean } = {}, timeoutMs = 120_000): Promise<BenchProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ...(options.probe ? PROBE_ARGS : []), "server.ts"], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent", HOST: "127.0.0.1", PORT: String(port), MAIL_CATCHER_PORT: "0", SEED_DEMO: "never", ...env },
    stdio: ["ignore", "ignore", "inherit", ...(options.probe ? (["ipc"] as const) : [])],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return handle(child, url);
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error("the server did not become ready");
}
