import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
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

  test("the chat allows 30 messages a minute unless CHAT_MESSAGES_PER_MINUTE says otherwise, a whole number from 1", () => {
    expect(load({}).CHAT_MESSAGES_PER_MINUTE).toBe(30);
    expect(load({ CHAT_MESSAGES_PER_MINUTE: "600" }).CHAT_MESSAGES_PER_MINUTE).toBe(600);
    expect(problemsOf({ CHAT_MESSAGES_PER_MINUTE: "0" })).toContain("CHAT_MESSAGES_PER_MINUTE:");
    expect(problemsOf({ CHAT_MESSAGES_PER_MINUTE: "lots" })).toContain("CHAT_MESSAGES_PER_MINUTE:");
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

describe("data keys in the environment (ADR 013)", () => {
  const OLD_KEY = "b".repeat(64);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustline-env-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  function keyFile(name: string, text: string, mode = 0o600): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode);
    return file;
  }

  test("DATA_KEY then DATA_KEY_PREVIOUS make the key ring, newest first, in lower case", () => {
    expect(load({ DATA_KEY: TEST_DATA_KEY.toUpperCase(), DATA_KEY_PREVIOUS: ` ${OLD_KEY} ,${"c".repeat(64)}` }).DATA_KEYS).toEqual([
      TEST_DATA_KEY,
      OLD_KEY,
      "c".repeat(64),
    ]);
    expect(load({ DATA_KEY: TEST_DATA_KEY }).DATA_KEYS).toEqual([TEST_DATA_KEY]);
    expect(load({}).DATA_KEYS).toBeUndefined();
  });

  test("bad previous keys are named", () => {
    expect(problemsOf({ DATA_KEY: TEST_DATA_KEY, DATA_KEY_PREVIOUS: `${OLD_KEY},abc` })).toContain(
      "DATA_KEY_PREVIOUS.1: must be keys of 64 hex digits, separated by commas",
    );
    expect(problemsOf({ DATA_KEY_PREVIOUS: OLD_KEY })).toContain("DATA_KEY_PREVIOUS: needs DATA_KEY, the current key");
    expect(problemsOf({ DATA_KEY: TEST_DATA_KEY, DATA_KEY_PREVIOUS: TEST_DATA_KEY })).toContain("DATA_KEY_PREVIOUS: lists a key twice");
  });

  test("DATA_KEY_FILE holds the keys one per line, current first", () => {
    const file = keyFile("keys", `${TEST_DATA_KEY}\n\n${OLD_KEY}\n`);
    expect(load({ DATA_KEY_FILE: file, DATABASE_URL: "postgres://localhost/trustline" }).DATA_KEYS).toEqual([TEST_DATA_KEY, OLD_KEY]);
  });

  test("a key file readable by every user, unreadable, malformed or empty is refused", () => {
    const open = keyFile("open", `${TEST_DATA_KEY}\n`, 0o644);
    expect(problemsOf({ DATA_KEY_FILE: open })).toContain(`DATA_KEY_FILE: ${open} is readable by every user of this machine; chmod 600 it`);
    const missing = path.join(dir, "missing");
    expect(problemsOf({ DATA_KEY_FILE: missing })).toContain(`DATA_KEY_FILE: cannot read ${missing}`);
    const bad = keyFile("bad", `${TEST_DATA_KEY}\nnot-a-key\n`);
    expect(problemsOf({ DATA_KEY_FILE: bad })).toContain(`DATA_KEY_FILE: line 2 of ${bad} is not a key of 64 hex digits`);
    const empty = keyFile("empty", "\n");
    expect(problemsOf({ DATA_KEY_FILE: empty })).toContain(`DATA_KEY_FILE: ${empty} holds no key`);
  });

  test("DATA_KEY_FILE and DATA_KEY together are refused: one source of keys", () => {
    const file = keyFile("both", `${TEST_DATA_KEY}\n`);
    expect(problemsOf({ DATA_KEY_FILE: file, DATA_KEY: OLD_KEY })).toContain(
      "DATA_KEY_FILE: set either DATA_KEY_FILE or DATA_KEY (with DATA_KEY_PREVIOUS), not both",
    );
  });
});
