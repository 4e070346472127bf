import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Reads what `npm run build` wrote for browsers; the test command builds before it runs.
const buildDir = path.resolve("public/build");

function bundleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? bundleFiles(full) : full.endsWith(".js") ? [full] : [];
  });
}

describe("the browser bundle", () => {
  const files = fs.existsSync(buildDir) ? bundleFiles(buildDir) : [];

  it("exists (run `npm run build` first)", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each([
    ["the database driver", /@electric-sql\/pglite|node-postgres|pg-pool/],
    ["drizzle queries", /drizzle-orm|pgTable\(/],
    ["password hashing", /argon2/i],
    ["the data-encryption code", /aes-256-gcm/],
    ["the session store", /sessions_user_idx|password_hash/],
    ["server modules", /node:crypto|node:fs|process\.env\.DATABASE_URL/],
    ["the PDF library", /pdfkit|fontkit/],
  ])("holds no %s", (_what, pattern) => {
    const offenders = files.filter((file) => pattern.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(buildDir, f))).toEqual([]);
  });
});
