import { TOTP } from "otpauth";
import { sql } from "drizzle-orm";
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoData } from "../../db/seed";
import { insertCustomer } from "../../domain/accounts/register-customer";
import { hashPassword } from "../../domain/identity/password";
import { scanReviewDeadlines } from "../../domain/service-requests/scan-review-deadlines";
import { loadEnv } from "../../server/env";
import { openServices } from "../../server/open-services";

export const BENCH_CUSTOMER = { email: "bench-customer@trustline.test", mobile: "13800009999" };

/**
 * Migrates the scratch database, seeds the demo staff, and gives one customer `requests` service
 * requests (inquiries, recent and on track, so that no background job has work while the load
 * runs), inserted in one statement as a bulk load would. Returns the customer's id.
 */
export async function prepareProductData(env: Record<string, string>, options: { requests: number }): Promise<string> {
  const services = await openServices(loadEnv({ ...process.env, ...env }));
  const ctx = services.domain;
  try {
    await seedDemoData(ctx);
    const customer = await ctx.db.transaction(async (tx) =>
      insertCustomer(ctx, tx, { name: "Bench Customer", email: BENCH_CUSTOMER.email, mobile: BENCH_CUSTOMER.mobile, locale: "en", passwordHash: await hashPassword(DEMO_PASSWORD) }),
    );
    const details = ctx.cipher.encrypt(JSON.stringify({ type: "inquiry", subject: "Bench", message: "A question" }));
    const trackingKey = ctx.cipher.blindIndex(BENCH_CUSTOMER.mobile);
    // Numbers TL + a day from 1999-01-01 + six digits, a million to a day; a second apart, the
    // newest now; due from a month on, so no deadline alert falls due while the load runs.
    await ctx.db.execute(sql`
      INSERT INTO service_requests (number, customer_id, type, status, details_enc, tracking_key, clock_kind, due_at, approval_chain, submitted_at, updated_at)
      SELECT 'TL' || to_char(date '1999-01-01' + (g / 1000000), 'YYYYMMDD') || lpad((g % 1000000)::text, 6, '0'), ${customer.id}, 'inquiry', 'submitted',
        ${details}, ${trackingKey}, 'standard', now() + interval '30 days' + g * interval '1 second', '[]',
        now() - (${options.requests} - g) * interval '1 second', now() - (${options.requests} - g) * interval '1 second'
      FROM generate_series(1, ${options.requests}) g`);
    await ctx.db.execute(sql`analyze service_requests`);
    // A live system has looked at every request before: the deadline scan's first pass over the
    // bulk load (each due a month on) is done here, not during the measured load.
    await scanReviewDeadlines(ctx);
    return customer.id;
  } finally {
    await services.database.close();
  }
}

function cookieOf(response: Response, previous = ""): string {
  const fresh = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const names = new Set(fresh.map((c) => c.split("=")[0]));
  return [...previous.split("; ").filter((c) => c && !names.has(c.split("=")[0])), ...fresh].join("; ");
}

async function post(baseUrl: string, urlPath: string, form: Record<string, string>, cookie = ""): Promise<Response> {
  return fetch(baseUrl + urlPath, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: baseUrl },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

/**
 * Opens the sign-in page and signs in through its form (and the TOTP step for staff), as a
 * browser does; returns the cookies it would keep (the visitor's and the session).
 */
export async function signIn(baseUrl: string, email: string, totpSecret?: string): Promise<string> {
  let cookie = cookieOf(await fetch(`${baseUrl}/login`, { redirect: "manual" }));
  cookie = cookieOf(await post(baseUrl, "/login", { email, password: DEMO_PASSWORD }, cookie), cookie);
  if (totpSecret) cookie = cookieOf(await post(baseUrl, "/auth/two-factor", { code: new TOTP({ secret: totpSecret }).generate() }, cookie), cookie);
  return cookie;
}

export const benchAgent = () => DEMO_STAFF.find((s) => s.roles.includes("agent"))!;
