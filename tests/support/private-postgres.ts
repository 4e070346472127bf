import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { unusedPort } from "./smtp-sink";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL cluster of the test's own, on 127.0.0.1 and a free port, that it may stop and
 * start at will — the shared server serves everyone else's tests. PostgreSQL refuses to run as
 * root, so as root its commands run as the `postgres` user.
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it at once, as a crash would: no checkpoint, every connection cut. */
  crash(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

async function asPostgres(command: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", `${BIN}/${command}`, ...args]] : [`${BIN}/${command}`, args];
  await run(file, argv, { timeout: 60_000 });
}

export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "trustline-pg-"));
  const data = path.join(dir, "data");
  const port = await unusedPort();
  if (process.getuid?.() === 0) await run("chown", ["postgres:postgres", dir]);
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "--no-instructions"]);
  // Durability is not under test: fsync off keeps the cluster quick on a busy machine.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), ...args]);
  let running = false;
  return {
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pgCtl("-o", options, "-w", "start");
      running = true;
    },
    async crash() {
      await pgCtl("-m", "immediate", "-w", "stop");
      running = false;
    },
    async destroy() {
      if (running) await pgCtl("-m", "immediate", "-w", "stop").catch(() => {});
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
