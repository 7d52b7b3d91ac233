// Issue 18, mobile: on a 375 px phone the totals and a refused field are never under the sticky
// footer, and a refusal moves the focus to the first invalid field. The same checks hold at 1280 px.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectText, textOf, usd } from "./support/assert.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { uncovered } from "./support/layout.js";

// One app serves both widths; each flow is walked at each width.
let billing: BillingApp;

beforeAll(async () => {
  billing = await startBillingApp();
  await billing.moveClock("2026-06-16T00:00:00Z");
});
afterAll(async () => {
  await closeAllBrowsers();
  await billing?.close();
});

describe.each([
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
])("Totals and errors in view at $width px", ({ width, height }) => {
  afterEach(screenshotOnFailure(`${width}`));

  test("the total due today and the new recurring total sit beside Save Changes, uncovered", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.admin.email);
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByLabel("Seat Count", { exact: true }).first().waitFor();
    await dialog.locator("#seat-count-input").fill("12");
    await waitForConfirmedPreview(page);
    const footerTotal = dialog.getByTestId("footer-total");
    // 2 seats × $40 for half of the June period.
    await expectText(footerTotal.locator("strong"), usd(4000));
    expect(await textOf(footerTotal)).toContain(`then ${usd(50_000)} / month`);
    expect(await uncovered(footerTotal)).toBe(true);
    expect(await uncovered(dialog.getByRole("button", { name: "Save Changes" }))).toBe(true);
    // The preview's own total, once scrolled to, is not under the footer either.
    const total = dialog.getByTestId("due-today-total");
    await total.scrollIntoViewIfNeeded();
    expect(await uncovered(total)).toBe(true);
    await page.keyboard.press("Escape");
  });

  test("a refused billing e-mail: the focus moves to the field, the field and its error in view", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.billing.email);
    await page.getByRole("button", { name: "Manage billing info" }).click();
    const dialog = page.getByRole("dialog", { name: "Billing information" });
    await dialog.getByLabel("Billing email").fill("finance.acme.test");
    await dialog.getByRole("button", { name: "Save" }).click();
    const error = dialog.locator("#bi-email-error");
    await expectText(error, "Billing email must be a valid e-mail address.");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("bi-email");
    expect(await uncovered(dialog.locator("#bi-email"))).toBe(true);
    expect(await uncovered(error)).toBe(true);
    // A required field left empty is refused in the browser, with the same focus move.
    await dialog.getByLabel("Company name").fill("");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("bi-company");
    expect(await uncovered(dialog.locator("#bi-company-error"))).toBe(true);
  });
});
