import { spawn, type ChildProcess } from "node:child_process";
import { childEnv, repoRoot } from "./processes";

export type ServerProcessReport = { port: number } | { disconnected: string[] };
export type ServerProcessRequest = { disconnectSessions: string[] };

export interface ServerProcess {
  url: string;
  port: number;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Closes these sessions' sockets from this instance, as the portal's sign-out does. */
  disconnectSessions(sessionIds: string[]): Promise<void>;
  /** Ends it at once, as a crash or the OOM killer would: nothing is flushed or closed. */
  kill(): Promise<void>;
  /** SIGTERM: closes sockets, Redis and the database, then exits. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

/**
 * The product's chat server (tests/support/chat-server-process.ts) as a separate process on
 * 127.0.0.1, on the database named by `env` (testDatabase.env), REDIS_URL if given. PORT 0
 * picks a free port; pass the previous one to restart in the same place.
 */
export function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  // One process (node --import tsx), so a signal reaches the server itself, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/chat-server-process.ts"], {
    cwd: repoRoot,
    env: childEnv({ HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", NODE_ENV: "test", ...env }),
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const gone = exited(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`chat server did not start within ${timeoutMs} ms\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`chat server exited (${code ?? signal}) before it listened\nstderr: ${stderr}`));
    });
    child.once("message", (message: ServerProcessReport) => {
      if (!("port" in message)) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        port: message.port,
        stderr: () => stderr,
        disconnectSessions: (sessionIds) =>
          new Promise((done) => {
            child.once("message", () => done());
            child.send({ disconnectSessions: sessionIds } satisfies ServerProcessRequest);
          }),
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
