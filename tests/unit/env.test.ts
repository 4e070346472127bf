import { describe, expect, test } from "vitest";
import { EnvError, loadEnv } from "../../server/env";
import { TEST_DATA_KEY } from "../support/test-database";

// Typed loosely: Remix's globals declare NODE_ENV as always present.
const load = (source: Record<string, string>) => loadEnv(source as NodeJS.ProcessEnv);

function problemsOf(source: Record<string, string>): string {
  try {
    load(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected loadEnv to refuse the environment");
}

describe("environment", () => {
  test("an empty environment gives the embedded defaults", () => {
    const env = load({});
    expect(env).toMatchObject({ HOST: "127.0.0.1", PORT: 3000, DATA_DIR: "./data", NODE_ENV: "development" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  test("empty variables count as unset", () => {
    expect(load({ PORT: "", DATABASE_URL: "" }).PORT).toBe(3000);
  });

  test("a bad PORT is named", () => {
    expect(problemsOf({ PORT: "abc" })).toMatch(/^Invalid environment:\n {2}PORT: /);
    expect(problemsOf({ PORT: "70000" })).toContain("PORT:");
  });

  test("a DATABASE_URL that is not PostgreSQL is named with the expected form", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://db/trustline", DATA_KEY: TEST_DATA_KEY })).toContain(
      "DATABASE_URL: must be a postgres:// or postgresql:// URL",
    );
  });

  test("DATABASE_URL without DATA_KEY is refused: personal data would have no key", () => {
    expect(problemsOf({ DATABASE_URL: "postgres://localhost/trustline" })).toContain(
      "DATA_KEY: is required when DATABASE_URL is set",
    );
    expect(load({ DATABASE_URL: "postgresql://localhost/trustline", DATA_KEY: TEST_DATA_KEY }).DATA_KEY).toBe(TEST_DATA_KEY);
  });

  test("a short DATA_KEY is refused", () => {
    expect(problemsOf({ DATA_KEY: "abc123" })).toContain("DATA_KEY: must be 64 hex digits");
  });

  test("every bad variable gets its own line", () => {
    const message = problemsOf({ PORT: "abc", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
    expect(message.split("\n").filter((line) => line.startsWith("  "))).toHaveLength(3);
  });
});

describe("mail settings in the environment", () => {
  test("by default mail goes to the built-in catcher on port 2525, links to this server", () => {
    const env = load({});
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_CATCHER_PORT).toBe(2525);
    expect(env.PUBLIC_URL).toBe("http://127.0.0.1:3000");
    expect(load({ HOST: "::1", PORT: "8080" }).PUBLIC_URL).toBe("http://[::1]:8080");
  });

  test("SMTP_URL takes smtp:// and smtps:// only", () => {
    expect(load({ SMTP_URL: "smtp://mail.example.test:587" }).SMTP_URL).toBe("smtp://mail.example.test:587");
    expect(load({ SMTP_URL: "smtps://user:secret@mail.example.test" }).SMTP_URL).toBe("smtps://user:secret@mail.example.test");
    expect(problemsOf({ SMTP_URL: "mail.example.test:25" })).toContain("SMTP_URL: must be an smtp:// or smtps:// URL");
    expect(problemsOf({ SMTP_URL: "http://mail.example.test" })).toContain("SMTP_URL:");
  });

  test("PUBLIC_URL is an http(s) address, kept without a trailing slash", () => {
    expect(load({ PUBLIC_URL: "https://service.trustline.example/" }).PUBLIC_URL).toBe("https://service.trustline.example");
    expect(problemsOf({ PUBLIC_URL: "service.trustline.example" })).toContain("PUBLIC_URL: must be an http:// or https:// URL");
  });

  test("a bad MAIL_CATCHER_PORT is named", () => {
    expect(problemsOf({ MAIL_CATCHER_PORT: "smtp" })).toContain("MAIL_CATCHER_PORT:");
    expect(load({ MAIL_CATCHER_PORT: "0" }).MAIL_CATCHER_PORT).toBe(0);
  });
});
