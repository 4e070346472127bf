import fs from "node:fs/promises";
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Trustline process. ` +
        `The embedded database serves one process only; stop the other one, ` +
        `or set DATABASE_URL to run several instances on PostgreSQL.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** Takes the folder's exclusive lock, or throws DataDirLockedError at once. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  try {
    // The lock's mtime is refreshed while we live; a crashed owner's lock goes stale.
    return await lockfile.lock(dataDir, {
      lockfilePath: `${dataDir}/.lock`,
      stale: 10_000,
      update: 2_000,
      onCompromised: (error) => {
        throw error;
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DataDirLockedError(dataDir);
    throw error;
  }
}
