import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "./env";

/**
 * The keys that encrypt personal data at rest, newest first (ADR 013). They come from the
 * environment (DATA_KEY and DATA_KEY_PREVIOUS, or DATA_KEY_FILE); in the embedded default one
 * key is made once and kept beside the database, readable by the owner only, so that a fresh
 * machine starts with no configuration.
 */
export function resolveDataKeys(env: Pick<Env, "DATA_KEYS" | "DATA_DIR">): string[] {
  if (env.DATA_KEYS) return env.DATA_KEYS;
  const file = path.join(env.DATA_DIR, "data.key");
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  return [fs.readFileSync(file, "utf8").trim()];
}
