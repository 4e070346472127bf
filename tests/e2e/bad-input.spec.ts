import { en, expect, fillRegisterForm, fillSignInForm, newCustomer, postStatus, test, zh } from "./support/fixtures";

for (const [locale, t] of [
  ["zh-CN", zh],
  ["en-US", en],
] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test(`[VISITOR] gets field messages for a bad registration, never a 500 (${locale})`, async ({ page }) => {
      await page.goto("/register");
      await expect(page.getByRole("heading", { name: t("register.title") })).toBeVisible();
      const field = {
        name: page.getByLabel(t("register.name"), { exact: true }),
        email: page.getByLabel(t("auth.email"), { exact: true }),
        mobile: page.getByLabel(t("register.mobile"), { exact: true }),
        password: page.getByLabel(t("auth.password"), { exact: true }),
      };
      const description = (key: Parameters<typeof t>[0]) => new RegExp(t(key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

      await test.step("empty form", async () => {
        expect(await postStatus(page, "/register", () => fillRegisterForm(page, {}))).toBe(400);
        for (const input of Object.values(field)) await expect(input).toHaveAccessibleDescription(description("error.required"));
        for (const input of Object.values(field)) await expect(input).toHaveAttribute("aria-invalid", "true");
      });

      await test.step("a 10,000-character name, malformed email, bad mobile, short password", async () => {
        const status = await postStatus(page, "/register", () =>
          fillRegisterForm(page, { name: "Z".repeat(10_000), email: "zhang@@example", mobile: "12345678901", password: "short" }),
        );
        expect(status).toBe(400);
        await expect(field.name).toHaveAccessibleDescription(description("error.too_long"));
        await expect(field.email).toHaveAccessibleDescription(description("error.email_invalid"));
        await expect(field.mobile).toHaveAccessibleDescription(description("error.mobile_invalid"));
        await expect(field.password).toHaveAccessibleDescription(description("error.password_too_short"));
      });

      await test.step("a 10,000-character Chinese name", async () => {
        // 90 KB once percent-encoded: still read, and answered on its field.
        const status = await postStatus(page, "/register", () => fillRegisterForm(page, { ...newCustomer(), name: "张".repeat(10_000) }));
        expect(status).toBe(400);
        await expect(field.name).toHaveAccessibleDescription(description("error.too_long"));
      });

      await test.step("a common password, everything else right", async () => {
        const customer = newCustomer();
        const status = await postStatus(page, "/register", () => fillRegisterForm(page, { ...customer, password: "1qaz2wsx3edc" }));
        expect(status).toBe(400);
        await expect(field.password).toHaveAccessibleDescription(description("error.password_common"));
        for (const input of [field.name, field.email, field.mobile]) await expect(input).not.toHaveAttribute("aria-invalid", "true");
        await expect(field.email).toHaveValue(customer.email);
      });

      await test.step("an email that is already registered", async () => {
        const status = await postStatus(page, "/register", () =>
          fillRegisterForm(page, { ...newCustomer(), email: "customer@trustline.test" }),
        );
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        await expect(field.email).toHaveAccessibleDescription(description("error.email_taken"));
      });
      await expect(page).toHaveURL(/\/register$/);
    });

    test(`[VISITOR] gets messages for a bad sign-in, never a 500 (${locale})`, async ({ page }) => {
      await page.goto("/login");
      const email = page.getByLabel(t("auth.email"), { exact: true });
      const password = page.getByLabel(t("auth.password"), { exact: true });

      expect(await postStatus(page, "/login", () => fillSignInForm(page, { email: "", password: "" }))).toBe(400);
      await expect(email).toHaveAccessibleDescription(t("error.required"));
      await expect(password).toHaveAccessibleDescription(t("error.required"));

      expect(await postStatus(page, "/login", () => fillSignInForm(page, { email: "nobody", password: "x" }))).toBe(400);
      await expect(email).toHaveAccessibleDescription(t("error.email_invalid"));

      const huge = "a".repeat(10_000);
      expect(await postStatus(page, "/login", () => fillSignInForm(page, { email: `${huge}@example.com`, password: huge }))).toBe(400);
      await expect(email).toHaveAccessibleDescription(t("error.too_long"));
      await expect(password).toHaveAccessibleDescription(t("error.too_long"));

      // An unknown account and a wrong password read the same: no hint which emails exist.
      const status = await postStatus(page, "/login", () =>
        fillSignInForm(page, { email: "nobody-here@e2e.trustline.test", password: "some long password" }),
      );
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      await expect(page.getByRole("alert")).toHaveText([t("auth.invalid_credentials")]);
    });
  });
}

test("[VISITOR] garbage and oversized posts get a 4xx, never a 500", async ({ playwright, baseURL }) => {
  const bodies: { label: string; headers: Record<string, string>; data: string | Buffer }[] = [
    { label: "broken url-encoding", headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: "%%%&&==%E0%A4%A&name=%ZZ" },
    { label: "a megabyte form", headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: `name=${"x".repeat(1_000_000)}` },
    { label: "malformed multipart", headers: { "Content-Type": "multipart/form-data; boundary=nope" }, data: "--wrong\r\ngarbage" },
    { label: "JSON", headers: { "Content-Type": "application/json" }, data: '{"email": ["not", "a", "string"]}' },
    { label: "binary", headers: { "Content-Type": "application/octet-stream" }, data: Buffer.from([0, 255, 1, 254, 0, 0, 7]) },
    { label: "no content type", headers: {}, data: "\u0000\u0001garbage" },
    {
      label: "fields repeated and null bytes",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      data: "email=a%00b@example.com&email=c@example.com&password=%00&locale=xx&locale=en",
    },
  ];
  // One client for every post: a refused body must not break the next request on the connection.
  const request = await playwright.request.newContext({ baseURL });
  for (const path of ["/register", "/login", "/auth/two-factor", "/account", "/language", "/logout"]) {
    for (const body of bodies) {
      const response = await request.post(path, { headers: body.headers, data: body.data, maxRedirects: 0 });
      const status = response.status();
      // Forms answer 4xx; pages that only redirect (sign out, language, not signed in) may answer 3xx.
      expect(status, `POST ${path} with ${body.label}`).toBeLessThan(500);
      if (path === "/register" || path === "/login") {
        expect(status, `POST ${path} with ${body.label}`).toBeGreaterThanOrEqual(400);
      }
    }
  }
  await request.dispose();
});
