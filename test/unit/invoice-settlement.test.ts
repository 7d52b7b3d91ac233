import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amountDue,
  type InvoiceBalance,
  planCreditNote,
  planPayment,
} from "../../src/core/invoice-settlement.js";

const open: InvoiceBalance = {
  status: "open",
  currency: "EUR",
  subtotal: 7400,
  creditApplied: 400,
  taxTotal: 1406,
  total: 8406,
  amountPaid: 0,
  amountCredited: 0,
  taxRate: 1900,
};

describe("planPayment", () => {
  it("takes partial payments and marks the invoice paid once covered", () => {
    expect(planPayment(open, { amount: 406, currency: "EUR" })).toEqual({
      ok: true,
      amountPaid: 406,
      paid: false,
    });
    expect(planPayment({ ...open, amountPaid: 406 }, { amount: 8000, currency: "EUR" })).toEqual({
      ok: true,
      amountPaid: 8406,
      paid: true,
    });
  });

  it("refuses another currency, overpaying, and a paid or void invoice", () => {
    const refusal = (result: ReturnType<typeof planPayment>) => (result.ok ? null : result.refusal.code);
    expect(refusal(planPayment(open, { amount: 1, currency: "USD" }))).toBe("payment_currency_mismatch");
    expect(refusal(planPayment(open, { amount: 8407, currency: "EUR" }))).toBe("payment_exceeds_amount_due");
    expect(refusal(planPayment({ ...open, status: "paid" }, { amount: 1, currency: "EUR" }))).toBe(
      "invoice_not_open",
    );
    expect(refusal(planPayment({ ...open, status: "void" }, { amount: 1, currency: "EUR" }))).toBe(
      "invoice_not_open",
    );
  });
});

describe("planCreditNote", () => {
  it("voids the whole invoice: what was paid and the account credit it used go back to account credit", () => {
    const result = planCreditNote({ ...open, amountPaid: 1000 }, { reason: "void" });
    expect(result).toEqual({
      ok: true,
      plan: {
        subtotal: 7000,
        taxTotal: 1406,
        total: 8406,
        accountCredit: 1400,
        amountCredited: 8406,
        status: "void",
      },
    });
    expect(planCreditNote({ ...open, status: "void" }, { reason: "void" })).toMatchObject({
      ok: false,
      refusal: { code: "invoice_not_open" },
    });
  });

  it("credits a correction with its tax, rounded once, and never beyond the invoice", () => {
    expect(planCreditNote(open, { reason: "correction", net: 1000 })).toEqual({
      ok: true,
      plan: {
        subtotal: 1000,
        taxTotal: 190,
        total: 1190,
        accountCredit: 0,
        amountCredited: 1190,
        status: "open",
      },
    });
    expect(planCreditNote(open, { reason: "correction", net: 7065 })).toMatchObject({
      ok: false,
      refusal: { code: "credit_exceeds_invoice" },
    });
  });

  it("never lets payments and credits exceed the invoice, and sends any excess to account credit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8406 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 6 }),
        (paid, nets) => {
          let balance: InvoiceBalance = {
            ...open,
            amountPaid: paid,
            status: paid === open.total ? "paid" : "open",
          };
          let accountCredit = 0;
          for (const net of nets) {
            const result = planCreditNote(balance, { reason: "correction", net });
            if (!result.ok) continue;
            accountCredit += result.plan.accountCredit;
            balance = { ...balance, amountCredited: result.plan.amountCredited, status: result.plan.status };
          }
          expect(balance.amountCredited).toBeLessThanOrEqual(balance.total);
          // Money the customer handed over beyond what is left standing comes back as account credit.
          expect(accountCredit).toBe(
            Math.max(0, balance.amountPaid + balance.amountCredited - balance.total),
          );
          expect(amountDue(balance)).toBe(
            balance.status === "open"
              ? Math.max(0, balance.total - balance.amountPaid - balance.amountCredited)
              : 0,
          );
        },
      ),
    );
  });
});
