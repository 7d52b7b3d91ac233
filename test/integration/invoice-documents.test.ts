import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError } from "../support/fixtures.js";
import { dialects, operatorToken, provision, startTestApp, type TestApp } from "../support/harness.js";

const start = "2026-06-01T00:00:00.000Z";

const address = (country: string, city = "Berlin") => ({
  line1: "Friedrichstraße 1",
  line2: null,
  city,
  postalCode: "10117",
  region: null,
  country,
});

describe.each(dialects)("invoice documents on %s", (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { now: start });
  });
  afterAll(async () => {
    await app?.close();
  });

  let counter = 0;
  async function organization(billing?: { country: string; taxId?: string }, currency = "EUR") {
    counter += 1;
    const created = await provision(app, {
      name: `Société Générale ${counter}`,
      currency,
      seats: 10,
      admin: { email: `admin${counter}@documents.test`, name: "Ada Admin" },
    });
    const key = created.adminKey as string;
    if (billing) {
      const saved = await app.request("PUT", "/api/v1/billing-info", {
        token: key,
        body: {
          companyName: `Société Générale ${counter} SARL`,
          taxId: billing.taxId ?? null,
          address: address(billing.country),
          billingEmail: `billing${counter}@documents.test`,
        },
      });
      expect(saved.status).toBe(200);
    }
    return { id: created.organization.id as string, key, invoice: created.invoice };
  }

  /** Adds 2 seats at the current instant: quote, then save; both answers. */
  async function addSeats(key: string) {
    const quote = await app.request("POST", "/api/v1/subscription/preview", {
      token: key,
      body: { seats: 12 },
    });
    const saved = await app.request("POST", "/api/v1/subscription/changes", {
      token: key,
      body: { seats: 12 },
    });
    expect(saved.status).toBe(200);
    return { quote: quote.body, invoice: saved.body.invoice };
  }

  const pay = (orgId: string, invoiceId: string, body: Record<string, unknown>, headers = {}) =>
    app.request("POST", `/api/v1/organizations/${orgId}/invoices/${invoiceId}/payments`, {
      token: operatorToken,
      body: {
        method: "bank_transfer",
        reference: "SEPA 4711",
        paidAt: app.clock.now().toISOString(),
        ...body,
      },
      headers,
    });
  const credit = (orgId: string, invoiceId: string, body: Record<string, unknown>) =>
    app.request("POST", `/api/v1/organizations/${orgId}/invoices/${invoiceId}/credit-notes`, {
      token: operatorToken,
      body,
    });

  it("bills an organization without a billing address exactly as before: no tax, and says the address is missing", async () => {
    const org = await organization();
    const invoice = (await app.request("GET", `/api/v1/invoices/${org.invoice.id}`, { token: org.key })).body;
    expect(invoice).toMatchObject({
      subtotal: 370_00,
      creditApplied: 0,
      tax: { treatment: "billing_address_missing", lines: [], total: 0 },
      total: 370_00,
      status: "open",
      overdue: false,
      amountDue: 370_00,
      issuedAt: start,
      dueAt: "2026-06-15T00:00:00.000Z",
      seller: { legalName: "WiseParts Demo GmbH", vatId: "DE123456789", address: { country: "DE" } },
      billTo: { companyName: `Société Générale ${counter}`, address: { country: null } },
    });
    expect(invoice.tax.mention).toMatch(/billing address is missing/);
    expect(invoice.displayNumber).toBe(`WP-${String(invoice.number).padStart(6, "0")}`);
  });

  it("charges German VAT at home, in the quote and on the invoice alike", async () => {
    const org = await organization({ country: "DE" });
    const { quote, invoice } = await addSeats(org.key);
    // 2 seats × €37.00 for the whole month (the period started now) = 7400 net; 19% = 1406.
    expect(quote.dueNow).toMatchObject({
      subtotal: 7400,
      tax: {
        treatment: "domestic",
        lines: [{ rate: "19", country: "DE", taxableAmount: 7400, amount: 1406 }],
        total: 1406,
      },
      total: 8806,
    });
    expect(invoice.tax).toEqual(quote.dueNow.tax);
    expect(invoice.total).toBe(quote.dueNow.total);
    expect(invoice.subtotal - invoice.creditApplied + invoice.tax.total).toBe(invoice.total);
  });

  it("reverse-charges an EU business with a VAT ID and prints both VAT IDs", async () => {
    const org = await organization({ country: "FR", taxId: "FR12345678901" });
    const { quote, invoice } = await addSeats(org.key);
    expect(invoice.tax).toEqual({
      treatment: "reverse_charge",
      mention: "Reverse charge — Article 196, Council Directive 2006/112/EC",
      lines: [{ rate: "0", rateBasisPoints: 0, country: "FR", taxableAmount: 7400, amount: 0 }],
      total: 0,
    });
    expect(quote.dueNow.tax).toEqual(invoice.tax);
    expect(invoice.seller.vatId).toBe("DE123456789");
    expect(invoice.billTo.taxId).toBe("FR12345678901");
  });

  it("charges an EU consumer the customer country's rate, and a customer outside the EU none", async () => {
    const consumer = await organization({ country: "FR" });
    expect((await addSeats(consumer.key)).invoice.tax).toMatchObject({
      treatment: "eu_consumer",
      lines: [{ rate: "20", country: "FR", amount: 1480 }],
      total: 1480,
    });
    const exported = await organization({ country: "US" }, "USD");
    const { invoice } = await addSeats(exported.key);
    expect(invoice.tax).toMatchObject({ treatment: "export", lines: [], total: 0 });
    expect(invoice.tax.mention).toMatch(/outside the EU/);
    expect(invoice.total).toBe(invoice.subtotal);
  });

  it("freezes the bill-to: editing billing info later never changes an issued invoice", async () => {
    const org = await organization({ country: "DE" });
    const { invoice } = await addSeats(org.key);
    await app.request("PUT", "/api/v1/billing-info", {
      token: org.key,
      body: {
        companyName: "Renamed GmbH",
        taxId: null,
        address: address("AT", "Wien"),
        billingEmail: "x@y.test",
      },
    });
    const again = (await app.request("GET", `/api/v1/invoices/${invoice.id}`, { token: org.key })).body;
    expect(again.billTo).toEqual(invoice.billTo);
    expect(again.billTo.address.country).toBe("DE");
    expect(again.tax).toEqual(invoice.tax);
  });

  it("renewals carry the tax and the frozen documents too", async () => {
    const org = await organization({ country: "DE" });
    const moved = await app.request("POST", "/api/v1/test-clock", {
      token: operatorToken,
      body: { now: "2026-07-20T00:00:00Z" },
    });
    expect(moved.status).toBe(200);
    const list = (await app.request("GET", "/api/v1/invoices", { token: org.key })).body.data;
    const renewal = list.find((invoice: any) => invoice.kind === "renewal");
    expect(renewal).toMatchObject({
      subtotal: 370_00,
      tax: { treatment: "domestic", total: 70_30 },
      total: 440_30,
      billTo: { address: { country: "DE" } },
    });
    // The first invoice (no address at the time) is overdue by now; nothing was paid.
    const first = list.find((invoice: any) => invoice.kind === "initial");
    expect(first).toMatchObject({ status: "open", overdue: true, amountDue: first.total });
  });

  it("records partial payments, then marks the invoice paid once covered; audited; idempotent", async () => {
    const org = await organization({ country: "DE" });
    const { invoice } = await addSeats(org.key);
    const first = await pay(
      org.id,
      invoice.id,
      { amount: 1000, currency: "EUR" },
      { "idempotency-key": "pay-1" },
    );
    expect(first.status).toBe(201);
    expect(first.body.invoice).toMatchObject({
      status: "open",
      amountPaid: 1000,
      amountDue: invoice.total - 1000,
    });
    const replay = await pay(
      org.id,
      invoice.id,
      { amount: 1000, currency: "EUR" },
      { "idempotency-key": "pay-1" },
    );
    expect(replay.body).toEqual(first.body);
    const rest = await pay(org.id, invoice.id, { amount: invoice.total - 1000, currency: "EUR" });
    expect(rest.body.invoice).toMatchObject({ status: "paid", amountDue: 0, amountPaid: invoice.total });
    const audit = (await app.request("GET", "/api/v1/audit-events?limit=10", { token: org.key })).body.data;
    const actions = audit.map((event: any) => event.action);
    expect(actions.filter((action: string) => action === "invoice.payment_recorded")).toHaveLength(2);
    expect(actions).toContain("invoice.paid");
    expectError(
      await pay(org.id, invoice.id, { amount: 1, currency: "EUR" }),
      409,
      "invoice_not_open",
      "amount",
    );
  });

  it("refuses a payment in another currency or above the amount due, and changes nothing", async () => {
    const org = await organization({ country: "DE" });
    const { invoice } = await addSeats(org.key);
    expectError(
      await pay(org.id, invoice.id, { amount: 100, currency: "USD" }),
      422,
      "payment_currency_mismatch",
      "currency",
    );
    expectError(
      await pay(org.id, invoice.id, { amount: invoice.total + 1, currency: "EUR" }),
      422,
      "payment_exceeds_amount_due",
      "amount",
    );
    expectError(
      await pay(org.id, invoice.id, { amount: 0, currency: "EUR" }),
      400,
      "invalid_request",
      "amount",
    );
    expectError(
      await pay(org.id, invoice.id, { amount: 10, currency: "EUR", paidAt: "2030-01-01T00:00:00Z" }),
      400,
      "invalid_request",
      "paidAt",
    );
    const after = (await app.request("GET", `/api/v1/invoices/${invoice.id}`, { token: org.key })).body;
    expect(after).toEqual(invoice);
    // A member cannot record payments; another organization's invoice is not found.
    expectError(
      await app.request("POST", `/api/v1/organizations/${org.id}/invoices/${invoice.id}/payments`, {
        token: org.key,
        body: { amount: 10, currency: "EUR", method: "card", paidAt: start },
      }),
      401,
      "unauthorized",
    );
    const other = await organization();
    expectError(await pay(other.id, invoice.id, { amount: 10, currency: "EUR" }), 404, "not_found");
  });

  it("voids an invoice only through a credit note: its own series, referencing the invoice, payments to account credit", async () => {
    const org = await organization({ country: "DE" });
    const { invoice } = await addSeats(org.key);
    await pay(org.id, invoice.id, { amount: 2000, currency: "EUR" });
    const voided = await credit(org.id, invoice.id, { reason: "void", memo: "Seats added by mistake" });
    expect(voided.status).toBe(201);
    expect(voided.body.invoice).toMatchObject({
      status: "void",
      amountDue: 0,
      amountCredited: invoice.total,
    });
    expect(voided.body.creditNote).toMatchObject({
      invoiceId: invoice.id,
      invoiceNumber: invoice.displayNumber,
      reason: "void",
      subtotal: 7400,
      tax: { total: 1406 },
      total: 8806,
      accountCredit: 2000,
    });
    expect(voided.body.creditNote.displayNumber).toBe(
      `WP-CN-${String(voided.body.creditNote.number).padStart(6, "0")}`,
    );
    const subscription = (await app.request("GET", "/api/v1/subscription", { token: org.key })).body;
    expect(subscription.accountCredit).toBe(2000);
    expectError(await credit(org.id, invoice.id, { reason: "void", memo: "again" }), 409, "invoice_not_open");
    expectError(await pay(org.id, invoice.id, { amount: 1, currency: "EUR" }), 409, "invoice_not_open");
    const notes = (await app.request("GET", "/api/v1/credit-notes", { token: org.key })).body.data;
    expect(notes.map((note: any) => note.id)).toEqual([voided.body.creditNote.id]);
    const audit = (await app.request("GET", "/api/v1/audit-events?limit=5", { token: org.key })).body.data;
    expect(audit.map((event: any) => event.action)).toEqual(
      expect.arrayContaining(["credit_note.issued", "invoice.voided"]),
    );
  });

  it("credits part of an invoice with its tax, never beyond the invoice; numbers stay gapless", async () => {
    const org = await organization({ country: "DE" });
    const { invoice } = await addSeats(org.key);
    const first = await credit(org.id, invoice.id, { reason: "correction", amount: 1000, memo: "Goodwill" });
    expect(first.body.creditNote).toMatchObject({
      subtotal: 1000,
      tax: { total: 190 },
      total: 1190,
      accountCredit: 0,
    });
    expect(first.body.invoice).toMatchObject({ status: "open", amountDue: invoice.total - 1190 });
    expectError(
      // 7616 left to credit: 6401 + 19% (1216) = 7617 is one cent too many.
      await credit(org.id, invoice.id, { reason: "correction", amount: 6401, memo: "Too much" }),
      422,
      "credit_exceeds_invoice",
      "amount",
    );
    expectError(
      await credit(org.id, invoice.id, { reason: "correction", memo: "No amount" }),
      400,
      "invalid_request",
      "amount",
    );
    const second = await credit(org.id, invoice.id, { reason: "correction", amount: 6400, memo: "The rest" });
    expect(second.body.invoice).toMatchObject({
      status: "paid",
      amountDue: 0,
      amountCredited: invoice.total,
    });
    expect(second.body.creditNote.number).toBe(first.body.creditNote.number + 1);
  });

  it("shows the seller profile and the VAT rates to the operator only", async () => {
    const seller = await app.request("GET", "/api/v1/seller", { token: operatorToken });
    expect(seller.status).toBe(200);
    expect(seller.body).toMatchObject({
      legalName: "WiseParts Demo GmbH",
      vatRegistered: true,
      paymentTerms: { days: 14 },
      invoiceNumber: { prefix: "WP-", padding: 6 },
      vatRates: { rates: { DE: "19", FI: "25.5" } },
    });
    expect(Object.keys(seller.body.vatRates.rates)).toHaveLength(27);
    const org = await organization();
    expectError(await app.request("GET", "/api/v1/seller", { token: org.key }), 401, "unauthorized");
  });

  it("exports the invoices of a date range as CSV for the accountant", async () => {
    const org = await organization({ country: "FR", taxId: "FR12345678901" });
    const { invoice } = await addSeats(org.key);
    const day = app.clock.now().toISOString().slice(0, 10);
    const response = await fetch(`${app.baseUrl}/api/v1/invoices/export.csv?from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${org.key}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const [header, ...rows] = (await response.text()).trimEnd().split("\r\n");
    expect(header).toBe(
      "number,issued_on,due_on,status,customer,customer_vat_id,customer_country,currency,net,credit_applied,vat_treatment,vat_rate,vat,total,paid,due",
    );
    expect(rows).toHaveLength(2);
    expect(rows.at(-1)).toBe(
      `${invoice.displayNumber},${day},${invoice.dueAt.slice(0, 10)},open,Société Générale ${counter} SARL,FR12345678901,FR,EUR,74.00,0.00,reverse_charge,0% FR,0.00,74.00,0.00,74.00`,
    );
    const before = await app.request("GET", `/api/v1/invoices/export.csv?from=${day}&to=2020-01-01`, {
      token: org.key,
    });
    expectError(before, 400, "invalid_request", "to");
    expectError(
      await app.request("GET", "/api/v1/invoices/export.csv?from=junk&to=2026-01-01", { token: org.key }),
      400,
      "invalid_request",
      "from",
    );
  });
});
