import type { Seller } from "./seller-schema.js";
import {
  type InvoiceTax,
  invoiceTax,
  type TaxCustomer,
  type TaxRule,
  taxRuleFor,
  totalWithTax,
} from "./vat.js";

/** The customer as billed: the organization's billing info at issue time, frozen on the document. */
export type BillTo = {
  companyName: string;
  taxId: string | null;
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    postalCode: string | null;
    region: string | null;
    country: string | null;
  };
  billingEmail: string;
};

/** The seller as printed on a document (the rates table stays configuration). */
export type DocumentSeller = Omit<Seller, "vatRates" | "vatRateOverrides">;

export function documentSeller(seller: Seller): DocumentSeller {
  const { vatRates: _rates, vatRateOverrides: _overrides, ...printed } = seller;
  return printed;
}

export function taxCustomerOf(billTo: BillTo | null): TaxCustomer | null {
  return billTo ? { country: billTo.address.country, vatId: billTo.taxId } : null;
}

/** Which VAT applies to a sale from this seller to this customer. */
export function taxRuleOf(seller: Seller, billTo: BillTo | null): TaxRule {
  return taxRuleFor({
    seller: { country: seller.address.country, vatId: seller.vatId, vatRegistered: seller.vatRegistered },
    customer: taxCustomerOf(billTo),
    rates: seller.vatRates,
  });
}

/** The tax a sale of these lines carries from this seller to this customer. */
export function taxOf(input: {
  seller: Seller;
  billTo: BillTo | null;
  lines: readonly { amount: number }[];
}): InvoiceTax {
  return invoiceTax({ rule: taxRuleOf(input.seller, input.billTo), lines: input.lines });
}

const dayMs = 86_400_000;

export interface InvoiceDocument {
  seller: DocumentSeller;
  billTo: BillTo | null;
  tax: InvoiceTax;
  /** subtotal − credit applied + tax. */
  total: number;
  /** Issue date + the seller's payment terms. */
  dueAt: Date;
}

/**
 * What an invoice says beyond its lines: the seller and bill-to as they are at issue time, the
 * tax, the total with tax and the due date. Pure: the caller hands in the issue instant.
 */
export function invoiceDocument(input: {
  seller: Seller;
  billTo: BillTo | null;
  lines: readonly { amount: number }[];
  settlement: { subtotal: number; creditApplied: number };
  issuedAt: Date;
}): InvoiceDocument {
  const tax = taxOf(input);
  return {
    seller: documentSeller(input.seller),
    billTo: input.billTo,
    tax,
    total: totalWithTax(input.settlement, tax.total),
    dueAt: new Date(input.issuedAt.getTime() + input.seller.paymentTerms.days * dayMs),
  };
}
