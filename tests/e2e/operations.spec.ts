import { E2E_METRICS_TOKEN } from "./support/constants";
import { expect, registerCustomer, test } from "./support/fixtures";

test("[OPERATOR] health, readiness and metrics answer; metrics only to admins and the scraper", async ({ request, page, adminPage }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.text()).toBe("ok");
  expect((await request.get("/readyz")).status()).toBe(200);

  expect((await request.get("/metrics")).status()).toBe(403);
  expect((await request.get("/metrics", { headers: { Authorization: "Bearer wrong-token-of-some-length" } })).status()).toBe(403);
  await registerCustomer(page);
  expect((await page.request.get("/metrics")).status()).toBe(403);

  const scraped = await request.get("/metrics", { headers: { Authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(scraped.status()).toBe(200);
  expect(await scraped.text()).toContain("trustline_http_requests_total");
  const asAdmin = await adminPage.request.get("/metrics");
  expect(asAdmin.status()).toBe(200);
});

test("[OPERATOR] every response carries a request id; the data folder and the source are never served", async ({ request }) => {
  const response = await request.get("/");
  expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect((await request.get("/data/data.key")).status()).toBe(404);
  expect((await request.get("/build/../server.ts")).status()).toBe(404);
});
