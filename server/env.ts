import fs from "node:fs";
import { z } from "zod";

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  // Default: `${DATA_DIR}/attachments`. Several instances need one folder they all share.
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  DATA_KEY: z.string().regex(HEX_KEY, "must be 64 hex digits (a 256-bit key)").optional(),
  // Keys rotated out, newest first: they still decrypt what `npm run keys:rotate` has not rewritten.
  DATA_KEY_PREVIOUS: z
    .string()
    .transform((v) => v.split(",").map((key) => key.trim()))
    .pipe(z.array(z.string().regex(HEX_KEY, "must be keys of 64 hex digits, separated by commas")))
    .optional(),
  // Instead of the two above: a file of keys, one per line, current first.
  DATA_KEY_FILE: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+/, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, "must be an http:// or https:// URL")
    .optional(),
  // Several instances share chat rooms, sign-outs and socket counts through this Redis.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s/]+/, "must be a redis:// or rediss:// URL")
    .optional(),
  // The channel prefix: deployments sharing one Redis keep apart by giving each its own.
  REDIS_ADAPTER_KEY: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1–64 characters of A-Z a-z 0-9 _ . : -").default("trustline"),
  // Messages a person may send in the chat per minute: plenty to talk, too few to flood an agent.
  CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  // A font with Chinese glyphs for the monthly report's PDF: TTF, OTF, or a collection (TTC).
  REPORT_FONT_PATH: z.string().min(1).default("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
}).transform((env, ctx) => {
  const problem = (variable: string, message: string) => {
    ctx.addIssue({ code: "custom", path: [variable], message });
    return z.NEVER;
  };
  if (env.DATA_KEY_FILE && (env.DATA_KEY || env.DATA_KEY_PREVIOUS)) {
    return problem("DATA_KEY_FILE", "set either DATA_KEY_FILE or DATA_KEY (with DATA_KEY_PREVIOUS), not both");
  }
  if (env.DATA_KEY_PREVIOUS && !env.DATA_KEY) return problem("DATA_KEY_PREVIOUS", "needs DATA_KEY, the current key");
  const keys = env.DATA_KEY_FILE ? readKeyFile(env.DATA_KEY_FILE) : env.DATA_KEY ? [env.DATA_KEY, ...(env.DATA_KEY_PREVIOUS ?? [])] : undefined;
  if (typeof keys === "string") return problem("DATA_KEY_FILE", keys);
  const lowered = keys?.map((key) => key.toLowerCase());
  if (lowered && new Set(lowered).size !== lowered.length) {
    return problem(env.DATA_KEY_FILE ? "DATA_KEY_FILE" : "DATA_KEY_PREVIOUS", "lists a key twice");
  }
  return {
    ...env,
    /** The data keys, newest first (ADR 013); unset: the embedded default generates one. */
    DATA_KEYS: lowered,
    // Links in emails point here; the listening address is right for one machine only.
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`).replace(/\/+$/, ""),
  };
});

/** The keys in a key file, or what is wrong with it. */
function readKeyFile(file: string): string[] | string {
  let stat: fs.Stats;
  let text: string;
  try {
    stat = fs.statSync(file);
    text = fs.readFileSync(file, "utf8");
  } catch {
    return `cannot read ${file}`;
  }
  // Keys readable by every account on the machine are as good as published.
  if (stat.mode & 0o004) return `${file} is readable by every user of this machine; chmod 600 it`;
  const lines = text.split("\n").map((line) => line.trim());
  const bad = lines.findIndex((line) => line !== "" && !HEX_KEY.test(line));
  if (bad >= 0) return `line ${bad + 1} of ${file} is not a key of 64 hex digits`;
  const keys = lines.filter((line) => line !== "");
  return keys.length > 0 ? keys : `${file} holds no key`;
}

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/** Reads the environment once, at startup; each bad variable gets its own line. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (result.data.DATABASE_URL && !result.data.DATA_KEYS) {
    throw new EnvError("Invalid environment:\n  DATA_KEY: is required when DATABASE_URL is set (64 hex digits, or DATA_KEY_FILE)");
  }
  return result.data;
}
