// Help article, "Purchasing Additional Credits" and "Switching to Annual"; the yearly → monthly
// downgrade refused mid-term.
import { describe, expect, test } from "vitest";
import { messages } from "../src/core/errors.js";
import { type BillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectText, expectTextContaining, textOf, usd } from "./support/assert.js";
import type { OpenBrowser } from "./support/browser.js";
import { signedInBrowser } from "./support/signed-in.js";

describe("Credits and the billing cycle in the browser", () => {
  let billing: BillingApp;
  let browser: OpenBrowser;

  signedInBrowser({
    // AI features spend credits on two days of the cycle, through a spend-only key.
    prepare: async (app) => {
      const key = await app.api("POST", "/api-keys", { name: "AI features", role: "spend" }, 201);
      const spends = [
        { eventId: "call-1", feature: "call_analysis", credits: 900, occurredAt: "2026-06-03T10:00:00Z" },
        { eventId: "call-2", feature: "call_analysis", credits: 300, occurredAt: "2026-06-10T10:00:00Z" },
        {
          eventId: "insight-1",
          feature: "customer_insights",
          credits: 300,
          occurredAt: "2026-06-10T11:00:00Z",
        },
      ];
      await app.moveClock("2026-06-12T00:00:00Z");
      for (const spend of spends) {
        const response = await app.app.request("POST", "/api/v1/credits/spend", {
          token: key.secret,
          body: spend,
        });
        expect(response.status).toBe(200);
      }
      await app.moveClock("2026-06-16T00:00:00Z");
    },
    as: "billing",
    ready: (signedIn) => ({ billing, browser } = signedIn),
  });

  test("AI credits this cycle: used of the allocation, the reset date and the daily use by feature", async () => {
    const { page } = browser;
    const credits = await billing.api("GET", "/credits");
    expect({ used: credits.used, allocation: credits.allocation }).toEqual({
      used: 1500,
      allocation: 12_000,
    });
    await expectText(page.getByTestId("credits-used"), "1,500 of 12,000 credits used");
    await expectText(page.getByTestId("credits-reset"), "Jul 1, 2026");
    const card = page.getByTestId("credits-card");
    await expectTextContaining(card.locator(".chart-legend"), "Call analysis");
    await expectTextContaining(card.locator(".chart-legend"), "Customer insights");
    await card.getByText("Show as a table").click();
    const daily = await billing.api("GET", "/credits/usage/daily");
    const june10 = daily.days.find((day: { date: string }) => day.date === "2026-06-10");
    expect(june10.credits).toBe(600);
    await expectText(card.getByRole("row", { name: /^Jun 10/ }), "Jun 10 300 300 600");
  });

  test("the Additional Credits slider buys credits in steps of 1,000, billed now for the whole credit cycle", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    const slider = dialog.getByRole("slider", { name: "Additional Credits" });
    expect(await slider.getAttribute("aria-valuetext")).toBe("2,000 credits");
    await slider.focus();
    for (let step = 0; step < 3; step++) await page.keyboard.press("ArrowRight");
    expect(await slider.getAttribute("aria-valuetext")).toBe("5,000 credits");
    expect(await dialog.getByRole("textbox", { name: "Additional Credits" }).inputValue()).toBe("5,000");

    await waitForConfirmedPreview(page);
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 10,
      additionalCreditBlocks: 5,
      interval: "month",
    });
    // 3 blocks × $10: credits are bought for the whole cycle and granted in full now.
    expect(quote.dueNow.total).toBe(3000);
    await expectText(
      dialog.getByTestId("preview-line"),
      `3 additional credit blocks (3,000 credits) for the current credit cycle ${usd(3000)}`,
    );
    await expectText(dialog.getByTestId("preview-credits-granted"), "3,000 AI credits added today.");
    await expectText(dialog.getByTestId("due-today-total"), usd(quote.dueNow.total));
    await expectText(dialog.getByTestId("recurring-total"), `${usd(quote.recurring.total)} / month`);

    // A number that is not a whole step is refused next to the field.
    await dialog.getByRole("textbox", { name: "Additional Credits" }).fill("5500");
    await expectText(dialog.getByTestId("credits-error"), "Additional Credits come in steps of 1,000.");
    expect(await dialog.getByRole("button", { name: "Save Changes" }).isDisabled()).toBe(true);
    await dialog.getByRole("textbox", { name: "Additional Credits" }).fill("5000");
    await waitForConfirmedPreview(page);

    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    const [invoice] = (await billing.api("GET", "/invoices")).data;
    expect(invoice.total).toBe(quote.dueNow.total);
    await expectText(dialog.getByTestId("invoice-total"), usd(invoice.total));
    await dialog.getByRole("button", { name: "Done" }).click();

    // Granted at once for this cycle: 12,000 + 3,000.
    const credits = await billing.api("GET", "/credits");
    expect(credits.allocation).toBe(15_000);
    await expectText(page.getByTestId("credits-used"), "1,500 of 15,000 credits used");
  });

  test("selecting Yearly shows the savings and the invoice credits the unused month", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("radio", { name: /Yearly/ }).check();
    await waitForConfirmedPreview(page);
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 10,
      additionalCreditBlocks: 5,
      interval: "year",
    });
    // 12 × (10 × $40 + 5 × $10) − (10 × $384 + 5 × $96) = $1,080.00
    expect(quote.savings).toBe(108_000);
    await expectText(dialog.getByTestId("yearly-savings"), `Save ${usd(quote.savings)} a year`);
    await expectTextContaining(dialog.getByTestId("savings-note"), usd(quote.savings));

    const amounts = await dialog.getByTestId("preview-line-amount").allInnerTexts();
    expect(amounts).toEqual(quote.dueNow.lines.map((line: { amount: number }) => usd(line.amount)));
    expect(quote.dueNow.lines.map((line: { amount: number }) => line.amount)).toEqual([
      -20_000, -2_500, 384_000, 48_000,
    ]);
    await expectText(dialog.getByTestId("due-today-total"), usd(quote.dueNow.total));
    await expectText(dialog.getByTestId("recurring-total"), `${usd(quote.recurring.total)} / year`);

    const shown = await textOf(dialog.getByTestId("due-today-total"));
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    const subscription = await billing.api("GET", "/subscription");
    expect(subscription).toMatchObject({
      interval: "year",
      periodStart: "2026-06-16T00:00:00.000Z",
      periodEnd: "2027-06-16T00:00:00.000Z",
    });
    const [invoice] = (await billing.api("GET", "/invoices")).data;
    expect(usd(invoice.total)).toBe(shown);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expectText(page.getByTestId("period-card").locator(".stat-value"), "Yearly");
    await expectText(page.getByTestId("current-period"), "Jun 16, 2026 – Jun 16, 2027");
  });

  test("Yearly → Monthly mid-term is refused with the article's words, in the dialog and by the server", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("radio", { name: /Monthly/ }).check();
    await expectText(dialog.getByTestId("interval-error"), messages.intervalDowngrade);
    expect(messages.intervalDowngrade).toBe(
      "Downgrading from annual to monthly is not available mid-term. Contact support if needed.",
    );
    expect(await dialog.getByRole("button", { name: "Save Changes" }).isDisabled()).toBe(true);

    const refused = await billing.app.request("POST", "/api/v1/subscription/changes", {
      token: billing.adminKey,
      body: { seats: 10, additionalCreditBlocks: 5, interval: "month" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: "interval_downgrade_mid_term",
      message: messages.intervalDowngrade,
    });
    expect((await billing.api("GET", "/subscription")).interval).toBe("year");
    await page.keyboard.press("Escape");
  });
});
