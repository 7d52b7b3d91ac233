// Help article, "Adjusting Seats": Manage Subscription → Seat Count slider → cost preview → Save
// Changes; and "You cannot reduce seats below your active user count."
import { describe, expect, test } from "vitest";
import { messages } from "../src/core/errors.js";
import { type BillingApp, waitForConfirmedPreview } from "./support/app.js";
import { countRequests, expectText, expectTextContaining, textOf, usd } from "./support/assert.js";
import type { OpenBrowser } from "./support/browser.js";
import { signedInBrowser } from "./support/signed-in.js";

describe("Managing seats in the browser", () => {
  let billing: BillingApp;
  let browser: OpenBrowser;

  signedInBrowser({
    // Half of the June period is left: 15 of 30 days.
    at: "2026-06-16T00:00:00Z",
    ready: (signedIn) => ({ billing, browser } = signedIn),
  });

  test("the summary shows seats, the period, the next invoice and account credit as the API has them", async () => {
    const { page } = browser;
    const subscription = await billing.api("GET", "/subscription");
    expect(subscription).toMatchObject({ seats: 10, activeUsers: 8, additionalCreditBlocks: 2 });
    await expectText(page.getByTestId("seats-used"), "8 of 10 seats used");
    await expectText(page.getByTestId("next-renewal"), "Jul 1, 2026");
    // 10 seats × $40 + 2 blocks × $10, nothing of account credit to apply.
    expect(subscription.recurring.total).toBe(42_000);
    await expectText(page.getByTestId("next-invoice"), usd(subscription.recurring.total));
    await expectText(page.getByTestId("account-credit"), usd(subscription.accountCredit));
    const credits = await billing.api("GET", "/credits");
    expect(credits.allocation).toBe(12_000);
    await expectText(
      page.getByTestId("credits-used"),
      `${credits.used.toLocaleString("en-US")} of ${credits.allocation.toLocaleString("en-US")} credits used`,
    );
  });

  test("moving the Seat Count slider redraws the prorated cost at once, without a request per move", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    const slider = dialog.getByRole("slider", { name: "Seat Count" });
    await slider.focus();

    const previews = await countRequests(page, "/subscription/preview", async () => {
      for (let step = 0; step < 4; step++) {
        await page.keyboard.press("ArrowRight");
        // The local core redraws before any server answer could arrive.
        await expectText(dialog.getByTestId("due-today-total"), usd(2000 * (step + 1)));
      }
    });
    // Four moves, at most one confirming request once the slider settles.
    expect(previews).toBeLessThanOrEqual(1);
    expect(await dialog.getByRole("spinbutton", { name: "Seat Count" }).inputValue()).toBe("14");

    // Back to 12 with the number field beside the slider.
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("12");
    await waitForConfirmedPreview(page);
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 12,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    // 2 seats × $40 × 15/30 = $40.00, one prorated line.
    expect(quote.dueNow.total).toBe(4000);
    expect(quote.dueNow.lines).toHaveLength(1);
    await expectText(
      dialog.getByTestId("preview-line"),
      `2 additional seats, prorated for the rest of the period 15 of 30 days left in this period ${usd(4000)}`,
    );
    await expectText(dialog.getByTestId("due-today-total"), usd(quote.dueNow.total));
    await expectText(dialog.getByTestId("recurring-total"), `${usd(quote.recurring.total)} / month`);
  });

  test("Save Changes applies the seats and shows the invoice that charges exactly the preview", async () => {
    const { page } = browser;
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    const shownTotal = await textOf(dialog.getByTestId("due-today-total"));
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();

    const subscription = await billing.api("GET", "/subscription");
    expect(subscription.seats).toBe(12);
    const invoices = await billing.api("GET", "/invoices");
    const invoice = invoices.data[0];
    expect(invoice.kind).toBe("change");
    expect(invoice.total).toBe(4000);
    expect(usd(invoice.total)).toBe(shownTotal);
    await expectText(
      dialog.getByRole("heading", { name: `Invoice ${invoice.displayNumber}` }),
      `Invoice ${invoice.displayNumber}`,
    );
    await expectText(dialog.getByTestId("invoice-total"), usd(invoice.total));
    await expectText(dialog.getByTestId("invoice-line-amount"), usd(invoice.lines[0].amount));

    await dialog.getByRole("button", { name: "Done" }).click();
    await expectText(page.getByTestId("seats-used"), "8 of 12 seats used");
    await expectText(page.getByTestId("recurring"), `${usd(subscription.recurring.total)} / month`);
  });

  test("a change saved by someone else meanwhile is shown for review before saving", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("13");
    await waitForConfirmedPreview(page);
    // Another admin adds 1,000 credits through the API while this dialog is open.
    await billing.api("POST", "/subscription/changes", {
      seats: 12,
      additionalCreditBlocks: 3,
      interval: "month",
    });
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await expectTextContaining(dialog.getByTestId("review-again"), "Someone changed the subscription");
    await expectTextContaining(dialog.getByTestId("current-plan"), "3,000 additional credits");
    expect((await billing.api("GET", "/subscription")).seats).toBe(12);

    await waitForConfirmedPreview(page);
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 13,
      additionalCreditBlocks: 3,
      interval: "month",
    });
    await expectText(dialog.getByTestId("due-today-total"), usd(quote.dueNow.total));
    await dialog.getByRole("button", { name: "Save Changes" }).click();
    await dialog.getByTestId("save-result").waitFor();
    const subscription = await billing.api("GET", "/subscription");
    expect(subscription).toMatchObject({ seats: 13, additionalCreditBlocks: 3 });
    const [invoice] = (await billing.api("GET", "/invoices")).data;
    expect(invoice.total).toBe(quote.dueNow.total);
    await dialog.getByRole("button", { name: "Done" }).click();
  });

  test("seats below the active users are refused inline with the article's words, as the server refuses them", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Manage Subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
    await waitForConfirmedPreview(page);
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("7");
    const floor = messages.seatFloor(8);
    expect(floor).toBe("You cannot reduce seats below your active user count (8). Deactivate users first.");
    await expectText(dialog.getByTestId("seat-error"), floor);
    expect(await dialog.getByRole("button", { name: "Save Changes" }).isDisabled()).toBe(true);

    const refused = await billing.app.request("POST", "/api/v1/subscription/changes", {
      token: billing.adminKey,
      body: { seats: 7, additionalCreditBlocks: 3, interval: "month" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "seats_below_active_users", message: floor });

    // Removing seats down to the floor is allowed: scheduled for the renewal, nothing refunded.
    await dialog.getByRole("spinbutton", { name: "Seat Count" }).fill("8");
    await waitForConfirmedPreview(page);
    // The dialog starts from what is chosen: the 2,000 credits saved earlier wait for the renewal.
    const quote = await billing.api("POST", "/subscription/preview", {
      seats: 8,
      additionalCreditBlocks: 2,
      interval: "month",
    });
    expect(quote.dueNow.total).toBe(0);
    expect(quote.scheduled).toMatchObject({ seats: 8, effectiveAt: "2026-07-01T00:00:00.000Z" });
    await expectText(dialog.getByTestId("due-today-total"), usd(0));
    await expectText(
      dialog.getByTestId("preview-summary"),
      `No charge today. From Jul 1, 2026: ${usd(quote.scheduled.recurringTotal)} / month.`,
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });
});
