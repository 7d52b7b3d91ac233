// Issue 18: one locale per person. A de-DE browser sees English words with one set of formats,
// never "540,00 $" beside English text; an en-GB browser gets its own date order throughout.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp } from "./support/app.js";
import { expectText, textOf } from "./support/assert.js";
import { closeAllBrowsers, openBrowser } from "./support/browser.js";

describe("Dates and numbers in one locale", () => {
  let billing: BillingApp;
  beforeAll(async () => {
    billing = await startBillingApp();
  });
  afterAll(async () => {
    await closeAllBrowsers();
    await billing?.close();
  });

  test.each([
    { locale: "de-DE", money: "$420.00", day: "Jul 1, 2026", used: "of 12,000 credits used" },
    { locale: "en-GB", money: "US$420.00", day: "1 Jul 2026", used: "of 12,000 credits used" },
  ])("a $locale browser", async ({ locale, money, day, used }) => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, locale });
    await signIn(page, billing.admin.email);
    await expectText(page.getByTestId("next-invoice"), money);
    await expectText(page.getByTestId("next-renewal"), day);
    expect(await textOf(page.getByTestId("credits-used"))).toContain(used);
  });
});
