// Issue 18, credit forecast: from this cycle's burn rate, when the credits run out, per feature,
// and the blocks that would cover the rest of the cycle, priced like any change; one click opens
// Manage Subscription filled in with them.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectText, expectTextContaining, textOf, usd } from "./support/assert.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { widths } from "./support/layout.js";

// One app serves both widths; each flow is walked at each width.
let billing: BillingApp;

beforeAll(async () => {
  billing = await startBillingApp();
  const key = await billing.api("POST", "/api-keys", { name: "AI features", role: "spend" }, 201);
  await billing.moveClock("2026-06-11T00:00:00Z");
  // 6,000 of 12,000 credits in the first 10 days of June: 600 a day, out on June 21.
  for (const spend of [
    { eventId: "a", feature: "call_analysis", credits: 4000, occurredAt: "2026-06-05T10:00:00Z" },
    { eventId: "b", feature: "customer_insights", credits: 2000, occurredAt: "2026-06-09T10:00:00Z" },
  ]) {
    const response = await billing.app.request("POST", "/api/v1/credits/spend", {
      token: key.secret,
      body: spend,
    });
    expect(response.status).toBe(200);
  }
});
afterAll(async () => {
  await closeAllBrowsers();
  await billing?.close();
});

describe.each(widths)("The credit forecast at $width px", ({ width, height }) => {
  afterEach(screenshotOnFailure(`${width}`));

  test("says when the credits run out, suggests 6,000 credits priced by the core, and opens the dialog filled in", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.admin.email);
    const forecast = page.getByTestId("credit-forecast");
    await expectText(
      forecast.getByTestId("forecast-headline"),
      "At this rate your credits run out on Jun 21, 2026, before the reset on Jul 1, 2026.",
    );
    expect(await textOf(forecast.getByTestId("forecast-features"))).toContain("4,000 12,000");
    // What the server would charge for 6 more blocks now (the same core prices both).
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 10,
      additionalCreditBlocks: 8,
      interval: "month",
    });
    await expectTextContaining(
      forecast.getByTestId("forecast-suggestion"),
      `6,000 more credits (6 blocks) would cover the rest of this cycle: ${usd(quote.dueNow.total)} today`,
    );
    await forecast.getByRole("button", { name: "Add 6,000 credits…" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    expect(await dialog.getByRole("textbox", { name: "Additional Credits" }).inputValue()).toBe("8,000");
    await expectText(dialog.getByTestId("due-today-total"), usd(quote.dueNow.total));
    await page.keyboard.press("Escape");
  });

  test("past cycles' use and a usage export, loaded on demand", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.admin.email);
    await page.getByText("Past cycles and usage export").click();
    const history = page.getByTestId("usage-history");
    await expectText(history.getByTestId("usage-history-total"), "6,000 credits used in this cycle.");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      history.getByRole("button", { name: "Export usage CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv.split("\r\n")).toEqual(
      expect.arrayContaining([
        "date,feature,credits",
        "2026-06-05,call_analysis,4000",
        "2026-06-09,customer_insights,2000",
      ]),
    );
    // The subscription started on June 1: no cycle before it is offered.
    expect(await history.getByLabel("Cycle").locator("option").count()).toBe(1);
  });
});
