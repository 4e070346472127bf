/**
 * Benchmarks print figures; they never fail the build. Starts the real production server on a
 * fresh embedded database (or DATABASE_URL's PostgreSQL), loads it from loopback only, for a
 * bounded time, and reports throughput, latency and memory.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "../domain/identity/password";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const base = `http://127.0.0.1:${PORT}`;

async function waitForServer(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not become ready");
}

async function load(label: string, urlPath: string) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        try {
          const res = await fetch(base + urlPath);
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(1);
  console.log(
    `${label.padEnd(28)} ${(latencies.length / SECONDS).toFixed(0).padStart(6)} req/s   p50 ${pct(50)} ms   p99 ${pct(99)} ms   errors ${errors}`,
  );
}

function rssOf(pid: number): string {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return status.match(/VmRSS:\s+(\d+) kB/)?.[1] ? `${Math.round(Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) / 1024)} MB` : "n/a";
  } catch {
    return "n/a";
  }
}

async function main() {
  const started = performance.now();
  for (let i = 0; i < 5; i++) await hashPassword(`bench-password-${i}`);
  console.log(`argon2id hash (19 MiB, t=2)  ${((performance.now() - started) / 5).toFixed(1)} ms each`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-"));
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production", LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
  try {
    await waitForServer(Date.now() + 60_000);
    console.log(`server idle RSS              ${rssOf(server.pid!)}  (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);
    await load("GET /healthz", "/healthz");
    await load("GET /login (SSR)", "/login");
    await load("GET / (SSR, session lookup)", "/");
    console.log(`server RSS after load        ${rssOf(server.pid!)}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
