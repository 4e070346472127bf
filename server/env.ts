import { z } from "zod";

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
  DATA_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits (a 256-bit key)")
    .optional(),
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
  // A font with Chinese glyphs for the monthly report's PDF: TTF, OTF, or a collection (TTC).
  REPORT_FONT_PATH: z.string().min(1).default("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
}).transform((env) => ({
  ...env,
  // Links in emails point here; the listening address is right for one machine only.
  PUBLIC_URL: (env.PUBLIC_URL ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`).replace(/\/+$/, ""),
}));

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
  if (result.data.DATABASE_URL && !result.data.DATA_KEY) {
    throw new EnvError("Invalid environment:\n  DATA_KEY: is required when DATABASE_URL is set (64 hex digits)");
  }
  return result.data;
}
