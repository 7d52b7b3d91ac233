import { roundHalfAwayFromZero, sumAmounts, toSafeAmount } from "./money.js";
import { euStandardVatRates } from "./vat-rates.js";

// The 27 member states are the keys of the rates table (no VAT-number library in the web bundle).
const isEuMember = (country: string) => Object.hasOwn(euStandardVatRates.standard, country);

/** Rates in basis points (hundredths of a percent): 19% = 1900, 25.5% = 2550. Exact integers. */
export type VatRateTable = Readonly<Record<string, number>>;

/** "25.5" → 2550. At most two decimals, 0 to 100; anything else is refused. */
export function parsePercent(text: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`${text} is not a percentage with at most two decimals`);
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (basisPoints > 10_000) throw new RangeError(`${text} is above 100%`);
  return basisPoints;
}

/** 2550 → "25.5" (how a rate is printed on an invoice). */
export function formatPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** The shipped table with a seller's overrides on top (percent strings, as in the seller file). */
export function vatRateTable(overrides: Readonly<Record<string, string>> = {}): VatRateTable {
  const merged = { ...euStandardVatRates.standard, ...overrides };
  return Object.fromEntries(Object.entries(merged).map(([country, rate]) => [country, parsePercent(rate)]));
}

export const reverseChargeMention = "Reverse charge — Article 196, Council Directive 2006/112/EC";
export const exportMention =
  "VAT not applicable: services supplied outside the EU (place of supply outside the EU, Articles 44 and 59 of Council Directive 2006/112/EC)";
export const billingAddressMissingNote =
  "No VAT charged: the billing address is missing. Add the billing country in Manage billing info.";

export type TaxTreatment =
  /** Seller and customer in the same member state: the seller country's rate. */
  | "domestic"
  /** EU business with a VAT ID in another member state: 0%, the customer accounts for the VAT. */
  | "reverse_charge"
  /** EU customer without a VAT ID in another member state: the customer country's rate. */
  | "eu_consumer"
  /** Customer outside the EU: no VAT. */
  | "export"
  /** The seller is not VAT-registered (or not in the EU): no VAT, no mention. */
  | "not_registered"
  /** No billing country: no VAT; the invoice says the billing address is missing. */
  | "billing_address_missing";

export interface TaxSeller {
  country: string;
  vatId: string | null;
  vatRegistered: boolean;
}

export interface TaxCustomer {
  country: string | null;
  vatId: string | null;
}

export interface TaxRule {
  treatment: TaxTreatment;
  /** The rate charged (basis points), null when the invoice carries no tax line. */
  rate: number | null;
  /** The member state whose rate applies. */
  rateCountry: string | null;
  /** The legal mention or note printed on the invoice. */
  mention: string | null;
}

/** Which VAT applies to a sale from this seller to this customer (SPEC §8). */
export function taxRuleFor(input: {
  seller: TaxSeller;
  customer: TaxCustomer | null;
  rates: VatRateTable;
}): TaxRule {
  const { seller, customer, rates } = input;
  const none = (treatment: TaxTreatment, mention: string | null): TaxRule => ({
    treatment,
    rate: null,
    rateCountry: null,
    mention,
  });
  if (!seller.vatRegistered || !isEuMember(seller.country)) return none("not_registered", null);
  if (!customer?.country) return none("billing_address_missing", billingAddressMissingNote);
  const rateOf = (country: string) => {
    const rate = rates[country];
    if (rate === undefined) throw new RangeError(`no VAT rate for ${country}`);
    return rate;
  };
  if (customer.country === seller.country) {
    return {
      treatment: "domestic",
      rate: rateOf(seller.country),
      rateCountry: seller.country,
      mention: null,
    };
  }
  if (!isEuMember(customer.country)) return none("export", exportMention);
  if (customer.vatId) {
    return {
      treatment: "reverse_charge",
      rate: 0,
      rateCountry: customer.country,
      mention: reverseChargeMention,
    };
  }
  return {
    treatment: "eu_consumer",
    rate: rateOf(customer.country),
    rateCountry: customer.country,
    mention: null,
  };
}

export interface TaxLine {
  /** Basis points. */
  rate: number;
  country: string;
  /** The sum of the invoice lines taxed at this rate. */
  taxableAmount: number;
  amount: number;
}

export interface InvoiceTax {
  treatment: TaxTreatment;
  mention: string | null;
  lines: TaxLine[];
  total: number;
}

/**
 * The tax of one invoice: the lines' amounts summed per rate, each sum taxed and rounded once
 * (half away from zero), so a tax line never differs from its exact figure by more than half a
 * minor unit. Every line of an invoice has the invoice's rate; lines carrying their own rate
 * (a mixed invoice) are grouped the same way.
 */
export function invoiceTax(input: {
  rule: TaxRule;
  lines: readonly { amount: number; rate?: number }[];
}): InvoiceTax {
  const { rule } = input;
  if (rule.rate === null || rule.rateCountry === null || input.lines.length === 0) {
    return { treatment: rule.treatment, mention: rule.mention, lines: [], total: 0 };
  }
  const byRate = new Map<number, number[]>();
  for (const line of input.lines) {
    const rate = line.rate ?? rule.rate;
    byRate.set(rate, [...(byRate.get(rate) ?? []), line.amount]);
  }
  const lines = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, amounts]) => {
      const taxableAmount = sumAmounts(amounts);
      const amount = toSafeAmount(roundHalfAwayFromZero(BigInt(taxableAmount) * BigInt(rate), 10_000n));
      return { rate, country: rule.rateCountry as string, taxableAmount, amount };
    });
  return {
    treatment: rule.treatment,
    mention: rule.mention,
    lines,
    total: sumAmounts(lines.map((line) => line.amount)),
  };
}

/** total = subtotal − credit applied + tax (SPEC §8). */
export function totalWithTax(settlement: { subtotal: number; creditApplied: number }, tax: number): number {
  return sumAmounts([settlement.subtotal, -settlement.creditApplied, tax]);
}
