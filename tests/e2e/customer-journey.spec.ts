import {
  en,
  expect,
  fillRegisterForm,
  fillSignInForm,
  newCustomer,
  postStatus,
  registerCustomer,
  signIn,
  signOut,
  switchLanguage,
  test,
  zh,
} from "./support/fixtures";

test("[CUSTOMER] registers, signs out and back in, and keeps the chosen language", async ({ page, newPage }) => {
  const customer = await registerCustomer(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: zh("portal.welcome", { name: customer.name }) })).toBeVisible();

  await signOut(page);
  await signIn(page, customer);
  await expect(page).toHaveURL(/\/portal$/);

  await test.step("English is kept across a reload and a new sign-in", async () => {
    await switchLanguage(page, "en");
    await expect(page.getByRole("heading", { name: en("portal.welcome", { name: customer.name }) })).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await signOut(page);
    await expect(page.getByRole("heading", { name: en("auth.sign_in_title") })).toBeVisible();
    await fillSignInForm(page, customer);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole("heading", { name: en("portal.welcome", { name: customer.name }) })).toBeVisible();
  });

  await test.step("the choice belongs to the account: another browser asking for Chinese gets English", async () => {
    const other = await newPage({ locale: "zh-CN" });
    await signIn(other, customer);
    await expect(other.locator("html")).toHaveAttribute("lang", "en");
    await expect(other.getByRole("heading", { name: en("portal.welcome", { name: customer.name }) })).toBeVisible();
  });

  await test.step("back to Chinese, kept across a reload and a new sign-in", async () => {
    await switchLanguage(page, "zh-CN");
    await expect(page.getByRole("heading", { name: zh("portal.welcome", { name: customer.name }) })).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await signOut(page);
    await fillSignInForm(page, customer);
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole("heading", { name: zh("portal.welcome", { name: customer.name }) })).toBeVisible();
  });
});

test("[CUSTOMER] is locked out after five wrong passwords", async ({ page }) => {
  const customer = await registerCustomer(page);
  await signOut(page);

  const attempt = (password: string) => postStatus(page, "/login", () => fillSignInForm(page, { email: customer.email, password }));
  for (let n = 1; n <= 4; n++) {
    expect(await attempt(`wrong password ${n}`)).toBe(401);
    await expect(page.getByRole("alert")).toHaveText([zh("auth.invalid_credentials")]);
  }
  expect(await attempt("wrong password 5")).toBe(423);
  await expect(page.getByRole("alert")).toHaveText([zh("auth.locked")]);

  // Even the right password is refused while the lock lasts.
  expect(await attempt(customer.password)).toBe(423);
  await expect(page.getByRole("alert")).toHaveText([zh("auth.locked")]);
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/portal");
  await expect(page).toHaveURL(/\/login/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("[CUSTOMER] registers, signs out, signs in and switches language with plain form posts", async ({ page }) => {
    const customer = newCustomer();
    await page.goto("/register");

    // A mistake first: the server answers the whole page with the message on the field.
    await fillRegisterForm(page, { ...customer, mobile: "12345" });
    await expect(page.getByLabel(zh("register.mobile"), { exact: true })).toHaveAccessibleDescription(
      new RegExp(zh("error.mobile_invalid")),
    );
    // The password is never sent back; the other fields are.
    await expect(page.getByLabel(zh("auth.password"), { exact: true })).toHaveValue("");
    await expect(page.getByLabel(zh("auth.email"), { exact: true })).toHaveValue(customer.email);

    await fillRegisterForm(page, { mobile: customer.mobile, password: customer.password });
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole("heading", { name: zh("portal.welcome", { name: customer.name }) })).toBeVisible();

    await signOut(page);
    await fillSignInForm(page, { email: customer.email, password: "not the password" });
    await expect(page.getByRole("alert")).toHaveText([zh("auth.invalid_credentials")]);
    await fillSignInForm(page, customer);
    await expect(page).toHaveURL(/\/portal$/);

    await switchLanguage(page, "en");
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByRole("heading", { name: en("portal.welcome", { name: customer.name }) })).toBeVisible();
  });
});
