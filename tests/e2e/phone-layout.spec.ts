import type { Page } from "@playwright/test";
import { expect, registerCustomer, test } from "./support/fixtures";

test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

async function expectNoHorizontalScroll(page: Page, label: string) {
  const widths = await page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.document, `${label}: page width against the 375 px screen`).toBeLessThanOrEqual(widths.viewport);
  expect(widths.body, `${label}: body width against the 375 px screen`).toBeLessThanOrEqual(widths.viewport);
}

for (const locale of ["zh-CN", "en-US"] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test(`[VISITOR] home, sign-in and registration fit a phone screen (${locale})`, async ({ page }) => {
      for (const path of ["/", "/login", "/register", "/no-such-page"]) {
        await page.goto(path);
        await expectNoHorizontalScroll(page, path);
      }
      // Every field of the sign-in form is within the screen and big enough to tap.
      await page.goto("/login");
      for (const control of await page.getByRole("main").locator("input:not([type=hidden]), button").all()) {
        const box = await control.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
        expect(box!.height).toBeGreaterThanOrEqual(32);
      }
    });

    test(`[CUSTOMER] signed-in pages fit a phone screen (${locale})`, async ({ page }) => {
      await registerCustomer(page);
      for (const path of ["/portal", "/account"]) {
        await page.goto(path);
        await expectNoHorizontalScroll(page, path);
      }
    });
  });
}
