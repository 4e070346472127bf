import { describe, expect, test } from "vitest";
import { EnvError, loadEnv } from "../../server/env";

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
