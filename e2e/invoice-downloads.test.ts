// The Invoices page's downloads as a finance person uses them: each invoice's PDF (fetched with the
// page's session, as the link does) and the accountant's CSV export, at 1280 and 375 px.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type BillingApp, signIn, startBillingApp } from "./support/app.js";
import {
  closeAllBrowsers,
  closeAllContexts,
  type OpenBrowser,
  openBrowser,
  screenshotOnFailure,
} from "./support/browser.js";
import { uncovered, widths } from "./support/layout.js";

// One app serves both widths; each flow is walked at each width.
let billing: BillingApp;
let invoices: { id: string; displayNumber: string; total: number }[];

beforeAll(async () => {
  billing = await startBillingApp();
  await billing.moveClock("2026-06-16T00:00:00Z");
  await billing.api("POST", "/subscription/changes", {
    seats: 12,
    additionalCreditBlocks: 2,
    interval: "month",
  });
  await billing.api("POST", "/subscription/changes", {
    seats: 13,
    additionalCreditBlocks: 2,
    interval: "month",
  });
  invoices = (await billing.api("GET", "/invoices")).data;
  expect(invoices).toHaveLength(3);
});
afterAll(async () => {
  await closeAllBrowsers();
  await billing?.close();
});

describe.each(widths)("Invoice downloads at $width px", ({ width, height }) => {
  let browser: OpenBrowser;

  beforeAll(async () => {
    browser = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(browser.page, billing.billing.email);
    await browser.page.goto("/settings/invoices");
    await browser.page.getByTestId("invoice-list").waitFor();
  });
  afterEach(screenshotOnFailure(`${width}`));
  afterAll(async () => {
    await closeAllContexts();
  });

  test("each Download PDF link gives the invoice's PDF, named with its number", async () => {
    const { page } = browser;
    for (const invoice of invoices) {
      const link = page.getByRole("link", { name: `Download PDF of invoice ${invoice.displayNumber}` });
      await link.scrollIntoViewIfNeeded();
      expect(await uncovered(link)).toBe(true);
      expect(await link.getAttribute("download")).toBe(`invoice-${invoice.displayNumber}.pdf`);
      const href = (await link.getAttribute("href")) as string;
      // Fetched in the page, with its session cookie, as the browser follows the link.
      const answer = await page.evaluate(async (url) => {
        const response = await fetch(url);
        const bytes = new Uint8Array(await response.arrayBuffer());
        return {
          status: response.status,
          type: response.headers.get("content-type"),
          disposition: response.headers.get("content-disposition"),
          head: String.fromCharCode(...bytes.slice(0, 5)),
          size: bytes.length,
        };
      }, href);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe("application/pdf");
      expect(answer.head).toBe("%PDF-");
      expect(answer.size).toBeGreaterThan(1000);
      expect(answer.disposition).toContain(`filename="invoice-${invoice.displayNumber}.pdf"`);
    }
  });

  test("each invoice number reads on one line, its total and PDF link in view", async () => {
    const { page } = browser;
    for (const invoice of invoices) {
      const link = page.getByRole("link", { name: invoice.displayNumber, exact: true });
      // A wrapped inline link has one box per line.
      expect(await link.evaluate((element) => element.getClientRects().length)).toBe(1);
      const row = page.getByTestId("invoice-row").filter({ has: link });
      const rowBox = await row.boundingBox();
      for (const part of [
        link,
        row.getByTestId("invoice-row-total"),
        row.getByRole("link", { name: /Download PDF/ }),
      ]) {
        const box = await part.boundingBox();
        expect(box).not.toBeNull();
        // Inside its row and the viewport: nothing spills over.
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(
          (rowBox?.x ?? 0) + (rowBox?.width ?? 0) + 1,
        );
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
      }
    }
  });

  test("a member's session is refused the PDF", async () => {
    const member = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(member.page, billing.member.email);
    const status = await member.page.evaluate(
      async (url) => (await fetch(url)).status,
      `/api/v1/invoices/${encodeURIComponent(invoices[0]?.id as string)}/pdf`,
    );
    expect(status).toBe(403);
    await member.close();
  });

  test("Export CSV downloads one row per invoice issued in the range, under the header row", async () => {
    const { page } = browser;
    const form = page.getByTestId("csv-export");
    await form.getByLabel("From").fill("2026-06-01");
    await form.getByLabel("To").fill("2026-06-30");
    const button = form.getByRole("button", { name: "Export CSV" });
    expect(await uncovered(button)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    expect(download.suggestedFilename()).toBe("invoices-2026-06-01-to-2026-06-30.csv");
    const csv = readFileSync((await download.path()) as string, "utf8");
    const lines = csv.split("\r\n").filter((line) => line !== "");
    expect(lines[0]).toBe(
      "number,issued_on,due_on,status,customer,customer_vat_id,customer_country,currency,net,credit_applied,vat_treatment,vat_rate,vat,total,paid,due",
    );
    expect(
      lines
        .slice(1)
        .map((line) => line.split(",")[0])
        .sort(),
    ).toEqual(invoices.map((invoice) => invoice.displayNumber).sort());
    // Totals as decimals in the invoice's currency.
    for (const invoice of invoices) {
      const row = lines.find((line) => line.startsWith(`${invoice.displayNumber},`)) as string;
      expect(row.split(",")[13]).toBe((invoice.total / 100).toFixed(2));
    }
    // A range without invoices: the header row only.
    await form.getByLabel("From").fill("2026-07-01");
    await form.getByLabel("To").fill("2026-07-31");
    const [empty] = await Promise.all([page.waitForEvent("download"), button.click()]);
    const emptyCsv = readFileSync((await empty.path()) as string, "utf8");
    expect(emptyCsv.split("\r\n").filter((line) => line !== "")).toHaveLength(1);
  });

  test("a start after the end is refused before any download", async () => {
    const { page } = browser;
    const form = page.getByTestId("csv-export");
    await form.getByLabel("From").fill("2026-07-01");
    await form.getByLabel("To").fill("2026-06-01");
    expect(await form.getByRole("button", { name: "Export CSV" }).isDisabled()).toBe(true);
    expect(await form.textContent()).toContain("The start must not be after the end.");
  });
});
