// Issue 18, account credit history: a finance admin reads every movement of the account credit
// (credit notes in, invoices out, the balance after each) on the Invoices page, from the Billing
// page's account credit figure, and exports it as CSV; a member has no access. Axe at 1280 and
// 375 px, light and dark.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { operatorToken, provision } from "../test/support/harness.js";
import { givePassword } from "../test/support/sessions.js";
import { type BillingApp, signIn, startBillingApp } from "./support/app.js";
import { expectText, expectTextContaining } from "./support/assert.js";
import { expectNoAxeViolationsInEveryScheme } from "./support/axe.js";
import { closeAllBrowsers, closeAllContexts, openBrowser, screenshotOnFailure } from "./support/browser.js";
import { widths } from "./support/layout.js";

let billing: BillingApp;
/** The documents the history names, newest movement first. */
const documents = { voided: "", voidNote: "", applied: "" };

beforeAll(async () => {
  billing = await startBillingApp();
  const { app, organizationId } = billing;
  const operator = async (path: string, body: unknown) => {
    const response = await app.request("POST", `/api/v1/organizations/${organizationId}${path}`, {
      token: operatorToken,
      body,
    });
    if (response.status !== 201)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const [first] = (await billing.api("GET", "/invoices")).data;
  await billing.moveClock("2026-06-02T00:00:00Z");
  await operator(`/invoices/${first.id}/payments`, {
    amount: first.total,
    currency: "USD",
    method: "bank_transfer",
    paidAt: "2026-06-02T00:00:00Z",
  });
  // Paid in full: the $50.00 correction is account credit.
  await operator(`/invoices/${first.id}/credit-notes`, {
    reason: "correction",
    amount: 5000,
    memo: "Goodwill",
  });
  await billing.moveClock("2026-06-04T00:00:00Z");
  // 1 seat × $40.00 × 27/30 = $36.00, paid from credit; then 2 seats × 26/30 = $69.33, $14.00 of it.
  const changes = (body: unknown) => billing.api("POST", "/subscription/changes", body);
  const second = await changes({ seats: 11, additionalCreditBlocks: 2, interval: "month" });
  documents.applied = second.invoice.displayNumber;
  await billing.moveClock("2026-06-05T00:00:00Z");
  const third = await changes({ seats: 13, additionalCreditBlocks: 2, interval: "month" });
  documents.voided = third.invoice.displayNumber;
  await billing.moveClock("2026-06-06T00:00:00Z");
  const voided = await operator(`/invoices/${third.invoice.id}/credit-notes`, {
    reason: "void",
    memo: "Mistake",
  });
  documents.voidNote = voided.creditNote.displayNumber;
});

afterAll(async () => {
  await closeAllBrowsers();
  await billing?.close();
});

// Each flow is walked at both widths; its states are checked light and dark in place (decision 0036).
describe.each(widths)("account credit history at $width px", ({ width, height }) => {
  const at = (state: string) => `${state} at ${width} px`;
  // One hook, so that the screenshot is taken before the pages close.
  const screenshot = screenshotOnFailure(`${width}`);
  afterEach(async (context) => {
    await screenshot(context);
    await closeAllContexts();
  });

  test("an admin follows the account credit figure to its history, its documents and its CSV", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.admin.email);
    await expectText(page.getByTestId("account-credit"), "$14.00");
    await page.getByRole("link", { name: "View credit history" }).click();
    const rows = page.getByTestId("credit-history-row");
    await expect.poll(() => rows.count()).toBe(4);
    expect(new URL(page.url()).hash).toBe("#credit-history");
    await expectText(page.getByTestId("credit-history-balance"), "Balance: $14.00");
    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-type")))).toEqual([
      "credited",
      "applied",
      "applied",
      "credited",
    ]);
    expect(await page.getByTestId("credit-history-amount").allInnerTexts()).toEqual([
      "+$14.00",
      "-$14.00",
      "-$36.00",
      "+$50.00",
    ]);
    const balances = await page.getByTestId("credit-history-balance-after").allInnerTexts();
    expect(balances.map((text) => text.replace(/^Balance\s*/, ""))).toEqual([
      "$14.00",
      "$0.00",
      "$14.00",
      "$50.00",
    ]);
    await expectTextContaining(
      rows.first(),
      `Credit note ${documents.voidNote} for invoice ${documents.voided}: invoice voided`,
    );
    // The history is in view, not under the invoices above it.
    const box = await page.locator("#credit-history").boundingBox();
    expect(box && box.y < height).toBe(true);
    await expectNoAxeViolationsInEveryScheme(page, at("account credit history"));

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export credit history (CSV)" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8").split("\r\n");
    expect(csv[0]).toBe("date,description,credit_note,invoice,currency,amount,balance_after");
    expect(csv.slice(1, -1).map((row) => row.split(",").slice(-2).join(" "))).toEqual([
      "50.00 50.00",
      "-36.00 14.00",
      "-14.00 0.00",
      "14.00 14.00",
    ]);

    await rows
      .nth(2)
      .getByRole("link", { name: `invoice ${documents.applied}` })
      .click();
    await page
      .getByRole("heading", { name: new RegExp(documents.applied) })
      .first()
      .waitFor();
  });

  test("a billing user reads it; a member sees neither the link nor the history", async () => {
    const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(page, billing.billing.email);
    await page.goto("/settings/invoices#credit-history");
    await expect.poll(() => page.getByTestId("credit-history-row").count()).toBe(4);

    const member = await openBrowser({ baseUrl: billing.baseUrl, width, height });
    await signIn(member.page, billing.member.email);
    expect(await member.page.getByRole("link", { name: "View credit history" }).count()).toBe(0);
    await member.page.goto("/settings/invoices#credit-history");
    await member.page.getByTestId("no-access").waitFor();
    expect(await member.page.getByTestId("credit-history").count()).toBe(0);
    expect(await member.page.getByRole("heading", { name: "Account credit" }).count()).toBe(0);
    // Nor an export the server would refuse.
    expect(await member.page.getByTestId("csv-export").count()).toBe(0);
    await expectNoAxeViolationsInEveryScheme(member.page, at("invoices, member"));
  });
});

describe("an organization without account credit", () => {
  test("reads an empty state, at both widths, light and dark", async () => {
    const other = await provision(billing.app, {
      name: "Empty Ltd",
      admin: { email: "zoe@empty.test", name: "Zoe Zero" },
    });
    await givePassword(billing.app, other.admin.id);
    for (const { width, height } of widths) {
      const { page } = await openBrowser({ baseUrl: billing.baseUrl, width, height });
      await signIn(page, "zoe@empty.test");
      await page.goto("/settings/invoices");
      await expectTextContaining(page.getByTestId("credit-history-empty"), "No account credit yet");
      await expectText(page.getByTestId("credit-history-balance"), "Balance: $0.00");
      expect(await page.getByTestId("credit-history-row").count()).toBe(0);
      await expectNoAxeViolationsInEveryScheme(page, `empty account credit history at ${width} px`);
      await closeAllContexts();
    }
  });
});
