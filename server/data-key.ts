import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The key that encrypts personal data at rest. With DATA_KEY it comes from the environment;
 * in the embedded default it is made once and kept beside the database, readable by the owner
 * only, so that a fresh machine starts with no configuration.
 */
export function resolveDataKey(env: { DATA_KEY?: string; DATA_DIR: string }): string {
  if (env.DATA_KEY) return env.DATA_KEY.toLowerCase();
  const file = path.join(env.DATA_DIR, "data.key");
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}
