/**
 * Benchmarks print figures; they never fail the build. Prepares a database with 10,000 service
 * requests of one customer, starts the real production server on it (embedded by default, or
 * the empty PostgreSQL database named by DATABASE_URL), loads it from loopback only for a
 * bounded time, and reports throughput, latency and memory.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TOTP } from "otpauth";
import { serviceRequests } from "../db/schema";
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoData } from "../db/seed";
import { insertCustomer } from "../domain/accounts/register-customer";
import { hashPassword } from "../domain/identity/password";
import { loadEnv } from "../server/env";
import { openServices } from "../server/open-services";
import { benchChat } from "./chat";
import { benchQualityDashboard } from "./quality-dashboard";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const base = `http://127.0.0.1:${PORT}`;
const CUSTOMER = { email: "bench-customer@trustline.test", mobile: "13800009999" };

async function prepare(env: Record<string, string>) {
  const services = await openServices(loadEnv({ ...process.env, ...env }));
  const ctx = services.domain;
  try {
    await seedDemoData(ctx);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const customer = await ctx.db.transaction((tx) =>
      insertCustomer(ctx, tx, { name: "Bench Customer", email: CUSTOMER.email, mobile: CUSTOMER.mobile, locale: "en", passwordHash }),
    );
    const started = performance.now();
    const details = ctx.cipher.encrypt(JSON.stringify({ type: "inquiry", subject: "Bench", message: "A question" }));
    const trackingKey = ctx.cipher.blindIndex(CUSTOMER.mobile);
    const now = Date.now();
    for (let offset = 0; offset < REQUESTS; offset += 500) {
      const rows = Array.from({ length: Math.min(500, REQUESTS - offset) }, (_, i) => {
        // Recent and on track: the deadline scan has nothing to change while the load runs.
        const at = new Date(now - (REQUESTS - offset - i) * 1_000);
        return {
          number: `TL19990101${String(offset + i + 1).padStart(6, "0")}`,
          customerId: customer.id,
          type: "inquiry" as const,
          status: "submitted" as const,
          detailsEnc: details,
          trackingKey,
          clockKind: "standard" as const,
          dueAt: new Date(now + 30 * 86_400_000),
          approvalChain: [],
          submittedAt: at,
          updatedAt: at,
        };
      });
      await ctx.db.insert(serviceRequests).values(rows);
    }
    console.log(`prepared ${REQUESTS} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return customer;
  } finally {
    await services.database.close();
  }
}

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

function cookieOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

async function post(urlPath: string, form: Record<string, string>, cookie = ""): Promise<Response> {
  return fetch(base + urlPath, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

async function signIn(email: string, totpSecret?: string): Promise<string> {
  let cookie = cookieOf(await post("/login", { email, password: DEMO_PASSWORD }));
  if (totpSecret) {
    const code = new TOTP({ secret: totpSecret }).generate();
    cookie = cookieOf(await post("/auth/two-factor", { code }, cookie));
  }
  return cookie;
}

async function load(label: string, send: () => Promise<Response>) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        try {
          const res = await send();
          await res.arrayBuffer();
          if (res.status >= 400) errors++;
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
    `${label.padEnd(34)} ${(latencies.length / SECONDS).toFixed(0).padStart(6)} req/s   p50 ${pct(50)} ms   p99 ${pct(99)} ms   errors ${errors}`,
  );
}

function rssOf(pid: number): string {
  const kb = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/)?.[1];
  return kb ? `${Math.round(Number(kb) / 1024)} MB` : "n/a";
}

async function main() {
  const started = performance.now();
  for (let i = 0; i < 5; i++) await hashPassword(`bench-password-${i}`);
  console.log(`argon2id hash (19 MiB, t=2)  ${((performance.now() - started) / 5).toFixed(1)} ms each`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-"));
  const env = {
    DATA_DIR: dataDir,
    DATA_KEY: crypto.randomBytes(32).toString("hex"),
    PORT: String(PORT),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    MAIL_CATCHER_PORT: "0",
    SEED_DEMO: "never",
  };
  await prepare(env);
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: "ignore" });
  try {
    await waitForServer(Date.now() + 60_000);
    console.log(`server RSS, idle                   ${rssOf(server.pid!)}  (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`);
    const customer = await signIn(CUSTOMER.email);
    const agentAccount = DEMO_STAFF.find((s) => s.roles.includes("agent"))!;
    const agent = await signIn(agentAccount.email, agentAccount.totpSecret);
    await load("GET /healthz", () => fetch(`${base}/healthz`));
    await load("GET /login (SSR)", () => fetch(`${base}/login`));
    await load(`GET /portal (my ${REQUESTS} requests)`, () => fetch(`${base}/portal`, { headers: { Cookie: customer } }));
    await load("GET /portal/requests/<number>", () => fetch(`${base}/portal/requests/TL19990101000042`, { headers: { Cookie: customer } }));
    await load("GET /desk/requests (queue)", () => fetch(`${base}/desk/requests`, { headers: { Cookie: agent } }));
    await load("POST submit an inquiry", () => {
      // Request forms are multipart (they may carry attachments).
      const body = new FormData();
      for (const [k, v] of Object.entries({ type: "inquiry", subject: "Bench", message: "How do I reset my card PIN?" })) body.set(k, v);
      return fetch(`${base}/portal/requests/new/inquiry`, { method: "POST", body, headers: { Cookie: customer }, redirect: "manual" });
    });
    console.log(`server RSS, after load             ${rssOf(server.pid!)}`);
    await benchChat({ url: base, dataKey: env.DATA_KEY, serverPid: server.pid!, rssOf });
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // Its own scratch database: a million surveys would slow the server measured above.
  await benchQualityDashboard();
}

void main();
