// The cost preview as finance reads it: a change whose unused time exceeds its charges shows the
// invoice and the credit note the server will issue (decision 0074), and the VAT rows follow the
// customer (German: 19% DE; a French business with a VAT ID: reverse charge). Figures are the quote's.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import defaultCatalog from "../catalog/default.json" with { type: "json" };
import { reverseChargeMention } from "../src/core/vat.js";
import { type BillingApp, signIn, startBillingApp, waitForConfirmedPreview } from "./support/app.js";
import { expectText, textOf, usd } from "./support/assert.js";
import { expectNoAxeViolationsInEveryRendering as expectNoAxeViolations } from "./support/axe.js";
import { closeAllBrowsers, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { atEachWidth, uncovered } from "./support/layout.js";

const germanBusiness = {
  companyName: "Acme Corp",
  taxId: "DE136695976",
  address: {
    line1: "Friedrichstraße 68",
    line2: null,
    city: "Berlin",
    postalCode: "10117",
    region: null,
    country: "DE",
  },
  billingEmail: "finance@acme.test",
};
const frenchBusiness = {
  companyName: "Acme Labs SAS",
  taxId: "FR40303265045",
  address: {
    line1: "12 rue de la Paix",
    line2: null,
    city: "Paris",
    postalCode: "75002",
    region: null,
    country: "FR",
  },
  billingEmail: "compta@acme.test",
};

/**
 * A catalog whose year (1000) is cheaper than half a month (3000), as in
 * test/integration/switch-credit-note.test.ts: a mid-month switch to yearly credits more than it charges.
 */
function cheapYearCatalog(): string {
  const file = join(mkdtempSync(join(tmpdir(), "e2e-catalog-")), "catalog.json");
  writeFileSync(
    file,
    JSON.stringify({
      ...defaultCatalog,
      currencies: {
        USD: { seat: { month: 3000, year: 1000 }, creditBlock: defaultCatalog.currencies.USD.creditBlock },
      },
    }),
  );
  return file;
}

async function openEditor(page: Page) {
  await page.getByRole("button", { name: "Manage Subscription" }).click();
  const dialog = page.getByRole("dialog", { name: "Manage Subscription" });
  await waitForConfirmedPreview(page);
  return dialog;
}

// Each flow is walked once at 1280 px; its states are checked by axe at 1280 and 375 px, light and
// dark, and the footer's total in view at both widths, in place (decision 0036).
const width = 1280;
const height = 800;

describe("The cost preview's documents and VAT", () => {
  afterEach(screenshotOnFailure());
  afterAll(async () => {
    await closeAllBrowsers();
  });

  describe("10 seats monthly switched to yearly in mid-June, the year cheaper than the unused half month", () => {
    let billing: BillingApp;
    beforeAll(async () => {
      billing = await startBillingApp({ additionalCreditBlocks: 0, catalogFile: cheapYearCatalog() });
      await billing.api("PUT", "/billing-info", germanBusiness);
      await billing.moveClock("2026-06-16T00:00:00Z");
    });
    afterAll(async () => {
      await billing?.close();
    });

    test("shows the invoice for the year and the credit note for the unused month, each with its VAT", async () => {
      const change = { seats: 10, additionalCreditBlocks: 0, interval: "year" };
      const quote = await billing.api("POST", "/subscription/preview", change);
      // 10 seats × $30 × 15/30 unused ($150) exceed the year of 10 seats ($100); 19% VAT.
      expect(quote.dueNow.total).toBe(-5950);
      const { invoice, creditNote } = quote.documents;
      expect(invoice).toMatchObject({ subtotal: 10_000, total: 11_900 });
      expect(creditNote).toMatchObject({ subtotal: 15_000, total: 17_850, accountCredit: 5950 });

      const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(page, billing.admin.email);
      const dialog = await openEditor(page);
      await dialog.getByRole("radio", { name: /Yearly/ }).check();
      await waitForConfirmedPreview(page);

      const preview = dialog.getByTestId("cost-preview");
      await expectText(preview.getByTestId("document-invoice-title"), `Invoice: ${usd(invoice.total)}`);
      await expectText(
        preview.getByTestId("document-invoice-line"),
        `${quote.dueNow.lines.find((line: { kind: string }) => line.kind === "seats_period").description} ${usd(10_000)}`,
      );
      await expectText(preview.getByTestId("document-invoice-tax"), `VAT 19% (DE) ${usd(invoice.tax.total)}`);
      await expectText(preview.getByTestId("document-invoice-total"), usd(invoice.total));

      await expectText(
        preview.getByTestId("document-credit-note-title"),
        `Credit note: ${usd(creditNote.total)} (to your account credit)`,
      );
      await expectText(
        preview.getByTestId("document-credit-note-line"),
        `${creditNote.lines[0].description} ${usd(15_000)}`,
      );
      await expectText(
        preview.getByTestId("document-credit-note-tax"),
        `VAT 19% (DE) ${usd(creditNote.tax.total)}`,
      );
      await expectText(preview.getByTestId("document-credit-note-total"), usd(creditNote.total));
      await expectText(preview.getByTestId("document-credit-note-settles"), usd(invoice.total));
      await expectText(preview.getByTestId("due-today-total"), usd(creditNote.accountCredit));
      expect(creditNote.accountCredit).toBe(-quote.dueNow.total);
      // No minus sign in front of a credit: finance reads what is added, not a negative total.
      expect(await textOf(preview)).not.toContain("−");
      expect(await textOf(preview)).not.toContain("-$");
      const footer = dialog.getByTestId("footer-total");
      await expectText(footer.locator("strong"), usd(creditNote.accountCredit));
      expect(await textOf(footer)).toContain("Nothing due today");
      await atEachWidth(page, async (at) => {
        expect(await uncovered(footer), `the footer's total in view at ${at} px`).toBe(true);
      });
      await expectNoAxeViolations(page, "the split documents");

      // Saved: the invoice (paid by the credit note) and what was added to account credit.
      await dialog.getByRole("button", { name: "Save Changes" }).click();
      const result = dialog.getByTestId("save-result");
      await expectText(result.getByTestId("invoice-total"), usd(11_900));
      await expectText(
        result.getByTestId("saved-credit-note"),
        `A credit note for the unused time pays this invoice in full; the rest is added to your account credit, now ${usd(5950)}.`,
      );
      expect(await result.getByTestId("repriced-note").count()).toBe(0);
      await expectNoAxeViolations(page, "the split change saved");
    });
  });

  describe("VAT rows for a German and a reverse-charge customer", () => {
    let billing: BillingApp;
    beforeAll(async () => {
      billing = await startBillingApp();
      await billing.moveClock("2026-06-16T00:00:00Z");
    });
    afterAll(async () => {
      await billing?.close();
    });

    test("a German business pays 19% VAT (DE) on the prorated seats", async () => {
      await billing.api("PUT", "/billing-info", germanBusiness);
      const quote = await billing.api("POST", "/subscription/preview", {
        seats: 12,
        additionalCreditBlocks: 2,
        interval: "month",
      });
      expect(quote.dueNow.tax).toMatchObject({ treatment: "domestic", total: 760 });
      const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(page, billing.admin.email);
      const dialog = await openEditor(page);
      await dialog.locator("#seat-count-input").fill("12");
      await waitForConfirmedPreview(page);
      await expectText(dialog.getByTestId("preview-tax-row"), `VAT 19% (DE) ${usd(760)}`);
      await expectText(dialog.getByTestId("due-today-total"), usd(4760));
      await expectText(dialog.getByTestId("footer-total").locator("strong"), usd(4760));
      // The recurring price has no VAT in it, and says so beside a total that has.
      await expectText(dialog.getByTestId("recurring-total"), `${usd(50_000)} / month excl. VAT`);
      expect(await textOf(dialog.getByTestId("footer-total"))).toContain(
        `then ${usd(50_000)} / month excl. VAT`,
      );
      expect(await dialog.getByTestId("preview-tax-mention").count()).toBe(0);
    });

    test("the Billing page's next invoice carries the VAT, and follows a new billing address", async () => {
      await billing.api("PUT", "/billing-info", germanBusiness);
      const { nextInvoice } = await billing.api("GET", "/subscription");
      // 10 seats × $40 + 2 blocks × $10 = $420, 19% VAT.
      expect(nextInvoice).toMatchObject({ subtotal: 42_000, tax: { total: 7980 }, total: 49_980 });
      const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(page, billing.admin.email);
      await expectText(page.getByTestId("next-invoice"), `${usd(49_980)} incl. ${usd(7980)} VAT`);
      await expectText(page.getByTestId("recurring"), `${usd(42_000)} / month excl. VAT`);
      await expectNoAxeViolations(page, "billing page with VAT");
      // A French business with a VAT ID: reverse-charged, so the next invoice has no VAT.
      await page.getByRole("button", { name: "Manage billing info" }).click();
      const info = page.getByRole("dialog", { name: "Billing information" });
      await info.getByLabel("Tax ID").fill(frenchBusiness.taxId);
      await info.getByLabel("Country").selectOption("FR");
      await info.getByLabel("Postal code").fill("75002");
      await info.getByRole("button", { name: "Save" }).click();
      await expect.poll(() => info.count()).toBe(0);
      await expectText(page.getByTestId("next-invoice"), usd(42_000));
      await expectText(page.getByTestId("recurring"), `${usd(42_000)} / month`);
    });

    test("a French business with a VAT ID is reverse-charged: 0% and the mention", async () => {
      await billing.api("PUT", "/billing-info", frenchBusiness);
      const quote = await billing.api("POST", "/subscription/preview", {
        seats: 12,
        additionalCreditBlocks: 2,
        interval: "month",
      });
      expect(quote.dueNow.tax).toMatchObject({ treatment: "reverse_charge", total: 0 });
      const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(page, billing.admin.email);
      const dialog = await openEditor(page);
      await dialog.locator("#seat-count-input").fill("12");
      await waitForConfirmedPreview(page);
      await expectText(dialog.getByTestId("preview-tax-row"), `VAT 0% (FR) ${usd(0)}`);
      await expectText(dialog.getByTestId("due-today-total"), usd(4000));
      await expectText(dialog.getByTestId("preview-tax-mention"), reverseChargeMention);
      await expectText(dialog.getByTestId("recurring-total"), `${usd(50_000)} / month`);
      await expectNoAxeViolations(page, "reverse charge");
    });

    test("an administrator reviewing a request sees its VAT rows and the total with VAT", async () => {
      await billing.api("PUT", "/billing-info", germanBusiness);
      const admin = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(admin.page, billing.admin.email);
      await admin.page.getByRole("switch", { name: "Require approval for subscription changes" }).check();

      const requester = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(requester.page, billing.billing.email);
      const dialog = await openEditor(requester.page);
      await dialog.locator("#seat-count-input").fill("12");
      await waitForConfirmedPreview(requester.page);
      await dialog.getByRole("button", { name: "Submit Request" }).click();
      await expectText(dialog.getByTestId("submit-result").locator("strong").last(), `${usd(4760)} due`);

      await admin.page.reload();
      const card = admin.page.getByTestId("pending-request");
      await expectText(card.getByTestId("approval-tax"), `VAT 19% (DE) ${usd(760)}`);
      await expectText(card.getByTestId("approval-total"), usd(4760));
      await expectNoAxeViolations(admin.page, "a request with VAT");
      await card.getByRole("button", { name: "Reject" }).click();
      const reject = admin.page.getByRole("dialog", { name: "Reject change request" });
      await reject.getByRole("textbox").fill("Not now");
      await reject.getByRole("button", { name: "Reject" }).click();
      await admin.page.getByTestId("decision-outcome").waitFor();
      await admin.page.getByRole("switch", { name: "Require approval for subscription changes" }).uncheck();
    });
  });
});
