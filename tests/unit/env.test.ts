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
