import fs from "node:fs";
import path from "node:path";
import { appliedMigrationCount, BackupError } from "../db/backup";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { DataDirLockedError } from "../db/data-dir-lock";
import { EnvError, type Env } from "../server/env";

/** A refusal the operator can act on: printed as one message, no stack trace. */
export class CommandError extends Error {}

/**
 * Runs a command-line task: its result is the exit code. Problems the operator can fix
 * (bad environment, a locked data folder, a refused restore) print one clear message;
 * anything else prints the stack as well, since it is a bug to report.
 */
export function runCommand(main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const expected =
        error instanceof CommandError ||
        error instanceof EnvError ||
        error instanceof DataDirLockedError ||
        error instanceof BackupError;
      console.error(expected ? (error as Error).message : error);
      process.exitCode = 1;
    },
  );
}

/** Where the chosen database lives, for messages (never the password in a URL). */
export function describeDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">): string {
  if (!env.DATABASE_URL) return `embedded database in ${env.DATA_DIR}`;
  const url = new URL(env.DATABASE_URL);
  return `PostgreSQL database ${url.host}${url.pathname}`;
}

export function openConfiguredDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">): Promise<DatabaseHandle> {
  return openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
}

/**
 * Opens a database that must already hold Trustline's schema, for commands that only read:
 * opening a missing embedded folder would otherwise create an empty database there.
 */
export async function openExistingDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">): Promise<DatabaseHandle> {
  if (!env.DATABASE_URL && !fs.existsSync(path.join(env.DATA_DIR, "pgdata"))) {
    throw new CommandError(`There is no ${describeDatabase(env)}; check DATA_DIR (or set DATABASE_URL).`);
  }
  const database = await openConfiguredDatabase(env);
  if ((await appliedMigrationCount(database.db)) === 0) {
    await database.close();
    throw new CommandError(`The ${describeDatabase(env)} has no Trustline schema yet; run npm run db:migrate first.`);
  }
  return database;
}
