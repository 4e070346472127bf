import { en, expect, registerCustomer, test, zh } from "./support/fixtures";

test("[CUSTOMER] is refused the staff desk and the administration with a friendly 403 page", async ({ page }) => {
  await registerCustomer(page);
  for (const path of ["/desk", "/admin", "/admin/staff", "/admin/staff/new"]) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      expect(response?.status(), `status of ${path}`).toBe(403);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole("heading", { name: zh("page.forbidden_title") })).toBeVisible();
      await expect(page.getByText(zh("page.forbidden_body"))).toBeVisible();
      await expect(page.getByRole("link", { name: zh("page.go_home") })).toBeVisible();
    });
  }
  // A refusal is not a sign-out: the customer's own pages still work.
  const portal = await page.goto("/portal");
  expect(portal?.status()).toBe(200);
});

test("[VISITOR] is sent to sign in, not shown a 403, for staff pages", async ({ page }) => {
  await page.goto("/desk");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdesk$/);
  await expect(page.getByRole("heading", { name: zh("auth.sign_in_title") })).toBeVisible();
});

for (const [locale, t] of [
  ["zh-CN", zh],
  ["en-US", en],
] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test(`[VISITOR] sees the friendly 404 page for an unknown address (${locale})`, async ({ page }) => {
      for (const path of ["/no-such-page", "/portal/nothing/here", "/build/not-a-file.js"]) {
        const response = await page.goto(path);
        expect(response?.status(), `status of ${path}`).toBe(404);
        if (path.startsWith("/build/")) continue;
        await expect(page.getByRole("heading", { name: t("page.not_found_title") })).toBeVisible();
        await expect(page.getByText(t("page.not_found_body"))).toBeVisible();
      }
      await page.goto("/no-such-page");
      await page.getByRole("link", { name: t("page.go_home") }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("heading", { name: t("home.title") })).toBeVisible();
    });
  });
}

test("[VISITOR] every page carries the security headers, with a fresh script nonce", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/login", "/register", "/no-such-page"]) {
    const response = await request.get(path);
    const headers = response.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, `CSP of ${path}`).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toMatch(/^(same-origin|no-referrer|strict-origin-when-cross-origin|strict-origin)$/);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-powered-by"]).toBeUndefined();

    // Every inline script carries the nonce of its own response.
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
    nonces.add(nonce);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts.filter((a) => !/\bsrc=/.test(a))) {
      expect(attributes, `inline script on ${path}`).toContain(`nonce="${nonce}"`);
    }
  }
  expect(nonces.size, "a new nonce for every response").toBe(4);
});

test("[VISITOR] pages run their scripts under the CSP without violations", async ({ page }) => {
  // CSP refusals also reach the console, where the `problems` fixture fails the test.
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const documents: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "document") documents.push(r.url());
  });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.getByRole("main").getByRole("link", { name: zh("home.cta_sign_in") }).click();
  await expect(page.getByRole("heading", { name: zh("auth.sign_in_title") })).toBeVisible();
  expect(documents, "the sign-in page came by client-side navigation: the bundle ran").toHaveLength(1);
  expect(violations).toEqual([]);
});

test("[VISITOR] a cross-site form post is refused", async ({ request }) => {
  const response = await request.post("/login", {
    headers: { Origin: "https://evil.example" },
    form: { email: "customer@trustline.test", password: "whatever it is" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});
