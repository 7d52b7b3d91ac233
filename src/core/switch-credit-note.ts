import type { InvoiceLine, LineKind } from "./invoice.js";
import { sumAmounts } from "./money.js";
import { type InvoiceTax, invoiceTax, type TaxLine, type TaxRule } from "./vat.js";

/** The lines a monthly → yearly switch credits: the unused monthly time (SPEC §3). */
const creditedKinds: ReadonlySet<LineKind> = new Set<LineKind>(["seats_unused", "credit_blocks_unused"]);

export function isCreditedLine(line: Pick<InvoiceLine, "kind">): boolean {
  return creditedKinds.has(line.kind);
}

export interface SwitchInvoicePart {
  lines: InvoiceLine[];
  subtotal: number;
  tax: InvoiceTax;
  /** subtotal + tax (no account credit is applied: the credit note settles it). Never negative. */
  total: number;
}

export interface SwitchCreditNotePart {
  /** The credited (unused-time) lines, amounts as positive figures credited. */
  lines: { kind: LineKind; description: string; amount: number }[];
  subtotal: number;
  /** Per rate: the invoice's tax on the charges plus the tax of the excess, each rounded once. */
  tax: InvoiceTax;
  total: number;
  /** What settles the invoice (its whole total). */
  settlesInvoice: number;
  /** total − settlesInvoice: the excess, which feeds account credit. */
  accountCredit: number;
}

export type SwitchDocuments =
  | { split: false }
  | { split: true; invoice: SwitchInvoicePart; creditNote: SwitchCreditNotePart; signedNet: number };

/**
 * A change whose invoice would be negative (the unused time credited exceeds what it charges) is
 * issued as two documents (decision 0074): an invoice for the charges (total ≥ 0) and a credit
 * note referencing it for the unused-time lines. The credit note settles the invoice in full and
 * the rest, the excess, feeds account credit. Its tax per rate is the invoice's tax on the charges
 * plus the tax of the excess, each rounded once per rate with the one rounding function, so that
 * `invoice.total − creditNote.total` is exactly the signed total the single negative invoice had
 * (subtotal + its tax): the customer's VAT position is unchanged, and a credit note's tax differs
 * from its own credited amount taxed alone by at most one minor unit per rate.
 *
 * A change that is not negative (subtotal ≥ 0) is not split.
 */
export function splitNegativeChange(input: {
  lines: readonly InvoiceLine[];
  rule: TaxRule;
}): SwitchDocuments {
  const { lines, rule } = input;
  const subtotal = sumAmounts(lines.map((line) => line.amount));
  if (subtotal >= 0) return { split: false };
  const charges = lines.filter((line) => !isCreditedLine(line));
  const credited = lines.filter(isCreditedLine);
  const invoiceSubtotal = sumAmounts(charges.map((line) => line.amount));
  if (invoiceSubtotal < 0) throw new RangeError("a charge line of a change is negative");
  const invoiceTaxes = invoiceTax({ rule, lines: charges });
  const signedTax = invoiceTax({ rule, lines });
  const signedNet = subtotal + signedTax.total;
  const invoiceTotal = invoiceSubtotal + invoiceTaxes.total;
  // The excess (the negated signed invoice) taxed per rate: −signed tax, rounded once per rate by
  // the same function (half away from zero is symmetric, so this is the tax of the excess).
  const creditedAmount = -sumAmounts(credited.map((line) => line.amount));
  const rates = new Set([...invoiceTaxes.lines, ...signedTax.lines].map((line) => line.rate));
  const taxOfRate = (taxLines: readonly TaxLine[], rate: number) =>
    taxLines.find((line) => line.rate === rate)?.amount ?? 0;
  const creditedTaxLines: TaxLine[] = [...rates]
    .sort((a, b) => b - a)
    .map((rate) => ({
      rate,
      country: rule.rateCountry as string,
      taxableAmount: creditedAmount,
      amount: taxOfRate(invoiceTaxes.lines, rate) - taxOfRate(signedTax.lines, rate),
    }));
  const creditTaxTotal = sumAmounts(creditedTaxLines.map((line) => line.amount));
  const creditTotal = creditedAmount + creditTaxTotal;
  return {
    split: true,
    signedNet,
    invoice: { lines: charges, subtotal: invoiceSubtotal, tax: invoiceTaxes, total: invoiceTotal },
    creditNote: {
      lines: credited.map((line) => ({
        kind: line.kind,
        description: line.description,
        amount: -line.amount,
      })),
      subtotal: creditedAmount,
      tax: {
        treatment: signedTax.treatment,
        mention: signedTax.mention,
        lines: creditedTaxLines,
        total: creditTaxTotal,
      },
      total: creditTotal,
      settlesInvoice: invoiceTotal,
      accountCredit: creditTotal - invoiceTotal,
    },
  };
}
