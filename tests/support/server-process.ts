import { spawn, type ChildProcess } from "node:child_process";
import { childEnv, repoRoot } from "./processes";
import { unusedPort } from "./smtp-sink";

export type ServerProcessReport = { port: number } | { disconnected: string[] } | { jobsRan: Record<string, unknown> };
export type ServerProcessRequest = { disconnectSessions: string[] } | { runJobs: string[] };
export type OutboxWorkerReport = { ready: true } | { failed: string };

interface ChildProcessHandle {
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Ends it at once, as a crash or the OOM killer would: nothing is flushed or closed. */
  kill(): Promise<void>;
  /** SIGTERM: closes what it opened, then exits. */
  stop(): Promise<void>;
}

export interface ServerProcess extends ChildProcessHandle {
  url: string;
  port: number;
  /** Closes these sessions' sockets from this instance, as the portal's sign-out does. */
  disconnectSessions(sessionIds: string[]): Promise<void>;
  /** Runs these background jobs of the instance (server/jobs.ts names) once now, one after another; resolves with what each returned. */
  runJobs(names: string[]): Promise<Record<string, unknown>>;
}

export type OutboxWorkerProcess = ChildProcessHandle;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

/**
 * Runs a TypeScript entry point of tests/support as a process of its own and resolves once its
 * first IPC report arrives (it is ready then). One process (node --import tsx), so a signal
 * reaches the program itself, not a wrapper.
 */
function startReportingChild<R>(script: string, env: Record<string, string>, timeoutMs: number): Promise<{ child: ChildProcess; first: R } & ChildProcessHandle> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: repoRoot,
    env: childEnv({ LOG_LEVEL: "warn", NODE_ENV: "test", ...env }),
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const gone = exited(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready\nstderr: ${stderr}`));
    });
    child.once("message", (first: R) => {
      clearTimeout(timer);
      resolve({
        child,
        first,
        stderr: () => stderr,
        async kill() {
          child.kill("SIGKILL");
          await gone;
        },
        async stop() {
          child.kill("SIGTERM");
          await gone;
        },
      });
    });
  });
}

/**
 * The product's chat server (tests/support/chat-server-process.ts) as a separate process on
 * 127.0.0.1, on the database named by `env` (testDatabase.env), REDIS_URL if given. PORT 0
 * picks a free port; pass the previous one to restart in the same place.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const { child, first, ...handle } = await startReportingChild<ServerProcessReport>("tests/support/chat-server-process.ts", { HOST: "127.0.0.1", PORT: "0", ...env }, timeoutMs);
  if (!("port" in first)) throw new Error(`the chat server reported ${JSON.stringify(first)} before its port`);
  return {
    ...handle,
    url: `http://127.0.0.1:${first.port}`,
    port: first.port,
    disconnectSessions: (sessionIds) =>
      new Promise((done) => {
        child.once("message", () => done());
        child.send({ disconnectSessions: sessionIds } satisfies ServerProcessRequest);
      }),
    runJobs: (names) =>
      new Promise((done) => {
        child.once("message", (report: ServerProcessReport) => done("jobsRan" in report ? report.jobsRan : {}));
        child.send({ runJobs: names } satisfies ServerProcessRequest);
      }),
  };
}

/**
 * The product's outbox worker (tests/support/outbox-worker-process.ts) alone in a process, on
 * the database named by `env`, sending to `SMTP_URL`. `onFailedSend` hears of every send that
 * failed and will be retried.
 */
export async function startOutboxWorkerProcess(env: Record<string, string> & { SMTP_URL: string }, onFailedSend: () => void = () => {}, timeoutMs = 60_000): Promise<OutboxWorkerProcess> {
  const { child, ...handle } = await startReportingChild<OutboxWorkerReport>("tests/support/outbox-worker-process.ts", env, timeoutMs);
  child.on("message", (report: OutboxWorkerReport) => {
    if ("failed" in report) onFailedSend();
  });
  return handle;
}

/**
 * Starts a process again on a database whose previous owner was killed: on PGlite the killed
 * process's folder lock must go stale first, which takes some seconds.
 */
export async function startAfterKill<T>(start: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await start();
    } catch (error) {
      if (!String(error).includes("in use by another Trustline process") || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export interface WebProcess {
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Whether it is still running (a crash ends it). */
  running(): boolean;
  /** How it exited: its code, or null while it runs or when a signal ended it. */
  exitCode(): number | null;
  /** SIGTERM: the server's own graceful shutdown. */
  stop(): Promise<void>;
}

/**
 * The whole product as `npm start` runs it — server.ts with the production build (`npm run
 * build` first): portal, socket.io, jobs and the outbox — on 127.0.0.1 and a free port, on the
 * database named by `env`. Resolves once it answers /healthz.
 */
export async function startWebProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<WebProcess> {
  const port = await unusedPort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: repoRoot,
    env: childEnv({ NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), MAIL_CATCHER_PORT: String(await unusedPort()), LOG_LEVEL: "warn", SEED_DEMO: "never", TZ: "UTC", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const gone = exited(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server.ts exited (${child.exitCode ?? child.signalCode}) before it listened\n${output}`);
    const healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server.ts did not answer within ${timeoutMs} ms\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    exitCode: () => child.exitCode,
    async stop() {
      child.kill("SIGTERM");
      await gone;
    },
  };
}
