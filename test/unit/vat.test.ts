import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSeller } from "../../src/core/seller-schema.js";
import { isEuMember } from "../../src/core/tax-id.js";
import {
  exportMention,
  formatPercent,
  invoiceTax,
  parsePercent,
  reverseChargeMention,
  type TaxSeller,
  taxRuleFor,
  totalWithTax,
  vatRateTable,
} from "../../src/core/vat.js";
import { euStandardVatRates } from "../../src/core/vat-rates.js";

const germanSeller: TaxSeller = { country: "DE", vatId: "DE123456789", vatRegistered: true };
const rates = vatRateTable();

describe("the EU rates table", () => {
  it("has a rate for each of the 27 member states, with its date and source", () => {
    const countries = Object.keys(euStandardVatRates.standard);
    expect(countries).toHaveLength(27);
    expect(countries.every(isEuMember)).toBe(true);
    expect(euStandardVatRates.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(euStandardVatRates.source).toContain("European Commission");
    expect(rates.DE).toBe(1900);
    expect(rates.FI).toBe(2550);
  });

  it("is overridden by configuration", () => {
    expect(vatRateTable({ DE: "16" }).DE).toBe(1600);
    expect(vatRateTable({ DE: "16" }).FR).toBe(2000);
  });

  it("parses percentages exactly and refuses anything else", () => {
    expect(parsePercent("25.5")).toBe(2550);
    expect(parsePercent("5.55")).toBe(555);
    expect(parsePercent("0")).toBe(0);
    expect(formatPercent(2550)).toBe("25.5");
    expect(formatPercent(1900)).toBe("19");
    expect(formatPercent(555)).toBe("5.55");
    for (const bad of ["19%", "1.234", "-1", "101", "abc", ""]) expect(() => parsePercent(bad)).toThrow();
  });
});

describe("taxRuleFor", () => {
  it("charges the seller country's rate at home, with or without a VAT ID", () => {
    for (const vatId of [null, "DE811907980"]) {
      expect(taxRuleFor({ seller: germanSeller, customer: { country: "DE", vatId }, rates })).toEqual({
        treatment: "domestic",
        rate: 1900,
        rateCountry: "DE",
        mention: null,
      });
    }
  });

  it("reverse-charges an EU business with a VAT ID in another member state at 0% with the legal mention", () => {
    const rule = taxRuleFor({
      seller: germanSeller,
      customer: { country: "FR", vatId: "FR12345678901" },
      rates,
    });
    expect(rule).toEqual({
      treatment: "reverse_charge",
      rate: 0,
      rateCountry: "FR",
      mention: reverseChargeMention,
    });
    expect(rule.mention).toBe("Reverse charge — Article 196, Council Directive 2006/112/EC");
  });

  it("charges an EU customer without a VAT ID the customer country's rate", () => {
    expect(
      taxRuleFor({ seller: germanSeller, customer: { country: "FI", vatId: null }, rates }),
    ).toMatchObject({
      treatment: "eu_consumer",
      rate: 2550,
      rateCountry: "FI",
    });
  });

  it("charges no VAT outside the EU and says why", () => {
    for (const country of ["US", "CH", "GB", "JP"]) {
      expect(taxRuleFor({ seller: germanSeller, customer: { country, vatId: "X1" }, rates })).toEqual({
        treatment: "export",
        rate: null,
        rateCountry: null,
        mention: exportMention,
      });
    }
  });

  it("charges nothing without a billing country, and says the billing address is missing", () => {
    for (const customer of [null, { country: null, vatId: "DE811907980" }]) {
      const rule = taxRuleFor({ seller: germanSeller, customer, rates });
      expect(rule.treatment).toBe("billing_address_missing");
      expect(rule.rate).toBeNull();
      expect(rule.mention).toMatch(/billing address is missing/);
    }
  });

  it("charges nothing when the seller is not VAT-registered", () => {
    const seller = { ...germanSeller, vatRegistered: false };
    expect(taxRuleFor({ seller, customer: { country: "DE", vatId: null }, rates })).toEqual({
      treatment: "not_registered",
      rate: null,
      rateCountry: null,
      mention: null,
    });
  });
});

describe("invoiceTax", () => {
  const domestic = taxRuleFor({ seller: germanSeller, customer: { country: "DE", vatId: null }, rates });

  it("rounds once per rate, half away from zero, on the sum of the lines", () => {
    // 3 lines of 5 cents: per line 0.95 → 1 each (3); once on the sum: 15 × 19% = 2.85 → 3.
    expect(
      invoiceTax({ rule: domestic, lines: [{ amount: 5 }, { amount: 5 }, { amount: 5 }] }),
    ).toMatchObject({
      lines: [{ rate: 1900, country: "DE", taxableAmount: 15, amount: 3 }],
      total: 3,
    });
    // 4 lines of 5 cents: 20 × 19% = 3.8 → 4, while rounding each line would give 4 × 1 = 4; and
    // 1 line of 50: 9.5 → 10 (half away from zero); −50: −10.
    expect(invoiceTax({ rule: domestic, lines: [{ amount: 50 }] }).total).toBe(10);
    expect(invoiceTax({ rule: domestic, lines: [{ amount: -50 }] }).total).toBe(-10);
  });

  it("groups lines carrying their own rate into one tax line per rate", () => {
    const tax = invoiceTax({
      rule: domestic,
      lines: [{ amount: 1000 }, { amount: 1000, rate: 700 }, { amount: 33 }],
    });
    expect(tax.lines).toEqual([
      { rate: 1900, country: "DE", taxableAmount: 1033, amount: 196 },
      { rate: 700, country: "DE", taxableAmount: 1000, amount: 70 },
    ]);
    expect(tax.total).toBe(266);
  });

  it("a reverse charge has a 0% tax line; an export has none", () => {
    const reverse = taxRuleFor({
      seller: germanSeller,
      customer: { country: "AT", vatId: "ATU12345678" },
      rates,
    });
    expect(invoiceTax({ rule: reverse, lines: [{ amount: 4000 }] })).toEqual({
      treatment: "reverse_charge",
      mention: reverseChargeMention,
      lines: [{ rate: 0, country: "AT", taxableAmount: 4000, amount: 0 }],
      total: 0,
    });
    const exported = taxRuleFor({ seller: germanSeller, customer: { country: "US", vatId: null }, rates });
    expect(invoiceTax({ rule: exported, lines: [{ amount: 4000 }] })).toEqual({
      treatment: "export",
      mention: exportMention,
      lines: [],
      total: 0,
    });
  });

  it("matches worked example 5 with German VAT: 5419 net, 1030 tax, 6449 due", () => {
    const tax = invoiceTax({ rule: domestic, lines: [{ amount: 5419 }] });
    expect(tax.total).toBe(1030); // 1029.61
    expect(totalWithTax({ subtotal: 5419, creditApplied: 0 }, tax.total)).toBe(6449);
    expect(totalWithTax({ subtotal: 5419, creditApplied: 419 }, tax.total)).toBe(6030);
  });

  it("every tax line is within half a minor unit of its exact figure, and the total is their sum", () => {
    const countries = Object.keys(euStandardVatRates.standard);
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.array(fc.integer({ min: -10_000_000, max: 100_000_000 }), { minLength: 1, maxLength: 20 }),
        (country, amounts) => {
          const rule = taxRuleFor({
            seller: { ...germanSeller, country },
            customer: { country, vatId: null },
            rates,
          });
          const tax = invoiceTax({ rule, lines: amounts.map((amount) => ({ amount })) });
          expect(tax.lines).toHaveLength(1);
          const [line] = tax.lines;
          if (!line) return;
          const exact = BigInt(line.taxableAmount) * BigInt(line.rate);
          const error = exact - BigInt(line.amount) * 10_000n;
          expect((error < 0n ? -error : error) * 2n <= 10_000n).toBe(true);
          expect(line.taxableAmount).toBe(amounts.reduce((a, b) => a + b, 0));
          expect(tax.total).toBe(line.amount);
        },
      ),
    );
  });

  it("total = subtotal − credit applied + tax, exactly, for any figures", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        (subtotal, credit, tax) => {
          const creditApplied = Math.min(subtotal, credit);
          expect(totalWithTax({ subtotal, creditApplied }, tax)).toBe(subtotal - creditApplied + tax);
        },
      ),
    );
  });
});

describe("the seller file", () => {
  const valid = {
    legalName: "Société Générale Logiciels SARL",
    address: { line1: "1 rue de la Paix", city: "Paris", postalCode: "75002", country: "FR" },
    vatId: "fr 12 345678901",
    paymentTerms: { days: 30 },
    paymentInstructions: "IBAN FR76 3000 6000 0112 3456 7890 189",
    support: { email: "billing@example.fr" },
  };

  it("is read with defaults: VAT-registered when it has a VAT ID, rates resolved, VAT ID compact", () => {
    const seller = parseSeller({ ...valid, vatRates: { FR: "19.6" } });
    expect(seller.vatRegistered).toBe(true);
    expect(seller.vatId).toBe("FR12345678901");
    expect(seller.vatRates.FR).toBe(1960);
    expect(seller.vatRates.DE).toBe(1900);
    expect(seller.invoiceNumber).toEqual({ prefix: "", padding: 0 });
  });

  it("names every problem with its field", () => {
    expect(() =>
      parseSeller({ ...valid, address: { ...valid.address, country: "Fr" }, vatRates: { US: "5" } }),
    ).toThrow(/address\.country: .*ISO 3166.*vatRates\.US/s);
    expect(() => parseSeller({ ...valid, vatId: "FR1" })).toThrow(
      /vatId: FR1 is not a valid VAT number for France/,
    );
    expect(() => parseSeller({ ...valid, vatId: undefined, vatRegistered: true })).toThrow(
      /vatId: a VAT-registered/,
    );
    expect(() => parseSeller({ ...valid, paymentTerms: { days: -1 } })).toThrow(/paymentTerms\.days/);
  });
});
