import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundHalfAwayFromZero } from "../../src/core/money.js";
import { planChange } from "../../src/core/plan-change.js";
import { splitNegativeChange } from "../../src/core/switch-credit-note.js";
import { invoiceTax, type TaxRule, taxRuleFor, vatRateTable } from "../../src/core/vat.js";
import { catalogWith, subscriptionState } from "./builders.js";

const rates = vatRateTable();
const germanSeller = { country: "DE", vatId: "DE123456789", vatRegistered: true };
const rules: Record<string, TaxRule> = {
  domestic: taxRuleFor({ seller: germanSeller, customer: { country: "DE", vatId: null }, rates }),
  finnishConsumer: taxRuleFor({ seller: germanSeller, customer: { country: "FI", vatId: null }, rates }),
  reverseCharge: taxRuleFor({
    seller: germanSeller,
    customer: { country: "FR", vatId: "FR40303265045" },
    rates,
  }),
  noAddress: taxRuleFor({ seller: germanSeller, customer: null, rates }),
};

/** A monthly → yearly switch on a catalog whose year is cheaper than the unused month. */
function switchPlan(input: {
  seatMonth: number;
  seatYear: number;
  seats: number;
  day: number;
  blocks?: number;
}) {
  return planChange({
    state: subscriptionState({
      seats: input.seats,
      additionalCreditBlocks: input.blocks ?? 0,
      periodStart: new Date("2024-03-01T00:00:00Z"),
      periodEnd: new Date("2024-04-01T00:00:00Z"),
    }),
    change: { seats: input.seats, additionalCreditBlocks: input.blocks ?? 0, interval: "year" },
    catalog: catalogWith({
      seatMonth: input.seatMonth,
      seatYear: input.seatYear,
      blockMonth: 5000,
      blockYear: 100,
    }),
    now: new Date(Date.UTC(2024, 2, input.day)),
  });
}

describe("a monthly → yearly switch whose unused time exceeds the new charge", () => {
  it("is an invoice for the year and a credit note for the unused time (no billing address: no tax)", () => {
    // 10 seats at 3000/month, 16 of 31 days unused: credit 10 × 1548.39 = 15484; the year costs 10 × 1000.
    const plan = switchPlan({ seatMonth: 3000, seatYear: 1000, seats: 10, day: 16 });
    expect(plan.lines.map((line) => [line.kind, line.amount])).toEqual([
      ["seats_unused", -15484],
      ["seats_period", 10000],
    ]);
    const split = splitNegativeChange({ lines: plan.lines, rule: rules.noAddress as TaxRule });
    if (!split.split) throw new Error("expected a split");
    expect(split.signedNet).toBe(-5484);
    expect(split.invoice.lines.map((line) => line.kind)).toEqual(["seats_period"]);
    expect(split.invoice.total).toBe(10000);
    expect(split.creditNote.lines).toEqual([
      { kind: "seats_unused", description: plan.lines[0]?.description, amount: 15484 },
    ]);
    expect(split.creditNote.total).toBe(15484);
    expect(split.creditNote.settlesInvoice).toBe(10000);
    // What the negative invoice gave before: the same account credit.
    expect(split.creditNote.accountCredit).toBe(5484);
    expect(split.creditNote.accountCredit).toBe(plan.next.accountCredit);
  });

  it("carries the invoice's VAT treatment, taxed per rate (domestic 19%)", () => {
    const plan = switchPlan({ seatMonth: 3000, seatYear: 1000, seats: 10, day: 16 });
    const split = splitNegativeChange({ lines: plan.lines, rule: rules.domestic as TaxRule });
    if (!split.split) throw new Error("expected a split");
    expect(split.invoice.tax.lines).toEqual([
      { rate: 1900, country: "DE", taxableAmount: 10000, amount: 1900 },
    ]);
    expect(split.invoice.total).toBe(11900);
    // The excess 5484 taxed once: 1041.96 → 1042; the credit note's tax 1900 + 1042.
    expect(split.creditNote.tax.treatment).toBe("domestic");
    expect(split.creditNote.tax.lines).toEqual([
      { rate: 1900, country: "DE", taxableAmount: 15484, amount: 2942 },
    ]);
    expect(split.creditNote.total).toBe(18426);
    expect(split.creditNote.accountCredit).toBe(5484 + 1042);
    expect(split.invoice.total - split.creditNote.total).toBe(split.signedNet);
  });

  it("keeps the reverse-charge mention at 0%", () => {
    const plan = switchPlan({ seatMonth: 3000, seatYear: 1000, seats: 3, day: 5 });
    const split = splitNegativeChange({ lines: plan.lines, rule: rules.reverseCharge as TaxRule });
    if (!split.split) throw new Error("expected a split");
    expect(split.creditNote.tax.mention).toContain("Article 196");
    expect(split.creditNote.tax.total).toBe(0);
  });

  it("is not split when the charge covers the unused time (SPEC example 2)", () => {
    const plan = switchPlan({ seatMonth: 3000, seatYear: 30000, seats: 1, day: 16 });
    expect(splitNegativeChange({ lines: plan.lines, rule: rules.domestic as TaxRule })).toEqual({
      split: false,
    });
  });

  it("for any switch and VAT case: invoice total ≥ 0 and invoice − credit note = the old signed total", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom(...Object.keys(rules)),
        (seatMonth, seatYear, seats, blocks, day, ruleName) => {
          const rule = rules[ruleName] as TaxRule;
          const plan = switchPlan({ seatMonth, seatYear, seats, blocks, day });
          if (plan.violations.length > 0) return;
          const split = splitNegativeChange({ lines: plan.lines, rule });
          const signed = invoiceTax({ rule, lines: plan.lines });
          if (!split.split) {
            expect(plan.subtotal).toBeGreaterThanOrEqual(0);
            return;
          }
          const { invoice, creditNote } = split;
          expect(invoice.total).toBeGreaterThanOrEqual(0);
          expect(split.signedNet).toBe(plan.subtotal + signed.total);
          expect(split.signedNet).toBeLessThan(0);
          expect(invoice.total - creditNote.total).toBe(split.signedNet);
          expect(creditNote.accountCredit).toBe(-split.signedNet);
          expect(creditNote.settlesInvoice + creditNote.accountCredit).toBe(creditNote.total);
          // Net parts add up exactly: without tax the excess is what planChange credits.
          expect(invoice.subtotal - creditNote.subtotal).toBe(plan.subtotal);
          expect(plan.next.accountCredit).toBe(-plan.subtotal);
          // Each credit-note tax line is within one minor unit of its credited amount taxed alone.
          for (const line of creditNote.tax.lines) {
            const alone = Number(
              roundHalfAwayFromZero(BigInt(line.taxableAmount) * BigInt(line.rate), 10_000n),
            );
            expect(Math.abs(line.amount - alone)).toBeLessThanOrEqual(1);
          }
          expect(creditNote.lines.every((line) => line.amount >= 0)).toBe(true);
          expect(invoice.lines.every((line) => line.amount >= 0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
