import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

// GET /subscription's nextInvoice is what the renewal then issues: the same lines, the account
// credit applied and the VAT for the billing address (the Billing page shows it, issue 18).
describe.each(dialects)("the next invoice on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: "2026-06-01T00:00:00Z" });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function organization(name: string, country: string | null, taxId: string | null) {
    const created = await provision(app, {
      seats: 10,
      additionalCreditBlocks: 2,
      admin: { email: `admin@${name}.test`, name: "Ada Admin" },
    });
    const key = created.adminKey as string;
    if (country) {
      const saved = await app.request("PUT", "/api/v1/billing-info", {
        token: key,
        body: {
          companyName: `${name} Ltd`,
          taxId,
          address: {
            line1: "Street 1",
            line2: null,
            city: "City",
            postalCode: "10117",
            region: null,
            country,
          },
          billingEmail: `billing@${name}.test`,
        },
      });
      expect(saved.status).toBe(200);
    }
    return key;
  }

  it("states the renewal's total with German VAT, a scheduled decrease counted, then is what is issued", async () => {
    const key = await organization("berlin", "DE", null);
    // A decrease scheduled for the renewal: 8 seats from Jul 1.
    const scheduled = await app.request("POST", "/api/v1/subscription/changes", {
      token: key,
      body: { seats: 8, additionalCreditBlocks: 2, interval: "month" },
    });
    expect(scheduled.status).toBe(200);
    const before = await app.request("GET", "/api/v1/subscription", { token: key });
    expect(before.status).toBe(200);
    // 8 × $40 + 2 × $10 = $340, 19% VAT = $64.60.
    expect(before.body.nextInvoice).toMatchObject({
      issuedAt: "2026-07-01T00:00:00.000Z",
      subtotal: 34_000,
      creditApplied: 0,
      tax: { treatment: "domestic", total: 6460 },
      total: 40_460,
    });

    const moved = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: { now: "2026-07-01T00:00:00Z" },
    });
    expect(moved.status).toBe(200);
    const invoices = await app.request("GET", "/api/v1/invoices", { token: key });
    const renewal = invoices.body.data.find((invoice: { kind: string }) => invoice.kind === "renewal");
    expect(renewal).toMatchObject({
      subtotal: before.body.nextInvoice.subtotal,
      creditApplied: before.body.nextInvoice.creditApplied,
      total: before.body.nextInvoice.total,
      tax: { total: before.body.nextInvoice.tax.total },
    });
  });

  it("is without VAT for a reverse-charged French business, with the mention", async () => {
    const key = await organization("paris", "FR", "FR40303265045");
    const got = await app.request("GET", "/api/v1/subscription", { token: key });
    expect(got.body.nextInvoice).toMatchObject({
      subtotal: 42_000,
      tax: { treatment: "reverse_charge", total: 0 },
      total: 42_000,
    });
    expect(got.body.nextInvoice.tax.mention).toContain("Reverse charge");
  });
});
