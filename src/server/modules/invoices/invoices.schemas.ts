import { z } from "zod";
import { isSupportedCurrency } from "../../../core/currency.js";
import { amount, isoInstant, pageOf } from "../../validation/responses.js";
import { optionalText, requiredText } from "../../validation/text.js";

// Invoice and credit-note DTOs (SPEC §8, §9): requests and responses. Response objects are closed
// (src/server/validation/responses.ts): the fields listed are the contract.

const taxLineSchema = z.object({
  rate: z.string().describe('The rate as printed, e.g. "19" or "25.5" (percent)'),
  rateBasisPoints: z.number().int(),
  country: z.string(),
  taxableAmount: amount,
  amount,
});

export const taxSchema = z.object({
  treatment: z
    .enum([
      "domestic",
      "reverse_charge",
      "eu_consumer",
      "export",
      "not_registered",
      "billing_address_missing",
    ])
    .nullable()
    .describe("Which VAT rule applied (null on invoices issued before VAT)"),
  mention: z
    .string()
    .nullable()
    .describe("Legal mention (reverse charge, export) or the missing-address note"),
  lines: z.array(taxLineSchema).describe("One line per rate, each rounded once, half away from zero"),
  total: amount,
});

const address = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
});

export const sellerSchema = z.object({
  legalName: z.string(),
  address,
  vatId: z.string().nullable(),
  vatRegistered: z.boolean(),
  registration: z.string().nullable(),
  paymentTerms: z.object({ days: z.number().int() }),
  paymentInstructions: z.string(),
  support: z.object({ email: z.string(), url: z.string().nullable() }),
  invoiceNumber: z.object({ prefix: z.string(), padding: z.number().int() }),
  creditNoteNumber: z.object({ prefix: z.string(), padding: z.number().int() }),
});

/** GET /seller (operator): the profile and the VAT rates in force. */
export const sellerProfileResponse = sellerSchema.extend({
  vatRates: z.object({
    date: z.string(),
    source: z.string(),
    overrides: z.record(z.string(), z.string()),
    rates: z.record(z.string(), z.string()).describe("Percent per member state, overrides applied"),
  }),
});

const billToSchema = z
  .looseObject({
    companyName: z.string(),
    taxId: z.string().nullable(),
    address,
    billingEmail: z.string(),
  })
  .nullable()
  .describe("The billing info at issue time (null: none)");

export const invoiceLineResponse = z
  .object({
    kind: z.string().describe("e.g. seats, credit_blocks, proration"),
    description: z.string(),
    quantity: z.number().int(),
    unitAmount: amount,
    amount,
    periodStart: isoInstant,
    periodEnd: isoInstant,
  })
  .meta({ id: "InvoiceLine" });

export const invoiceResponse = z
  .object({
    id: z.string(),
    number: z.number().int().describe("The gapless sequence number"),
    displayNumber: z.string().describe("The number as printed, in the seller's format"),
    kind: z.string(),
    issuedAt: isoInstant,
    dueAt: isoInstant.nullable(),
    currency: z.string(),
    lines: z.array(invoiceLineResponse),
    subtotal: amount,
    creditApplied: amount,
    tax: taxSchema,
    total: amount.describe("subtotal − creditApplied + tax.total"),
    status: z.enum(["open", "paid", "void"]),
    overdue: z.boolean().describe("Open, past its due date, with something left to pay"),
    amountPaid: amount,
    amountCredited: amount.describe("Taken back by credit notes"),
    amountDue: amount,
    paidAt: isoInstant.nullable(),
    seller: sellerSchema.nullable(),
    billTo: billToSchema,
  })
  .meta({ id: "Invoice" });

export const invoicePageResponse = pageOf(invoiceResponse);

export const paymentResponse = z.object({
  id: z.string(),
  invoiceId: z.string(),
  amount,
  currency: z.string(),
  method: z.string(),
  reference: z.string().nullable(),
  paidAt: isoInstant,
  recordedAt: isoInstant,
});

export const recordPaymentResponse = z.object({ payment: paymentResponse, invoice: invoiceResponse });

const positiveAmount = (label: string) =>
  z
    .number({ error: `${label} must be a whole number of minor units.` })
    .int({ error: `${label} must be a whole number of minor units.` })
    .min(1, { error: `${label} must be at least 1.` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${label} is too large.` });

/** POST /organizations/:organizationId/invoices/:id/payments (operator). */
export const recordPaymentBody = z.strictObject({
  amount: positiveAmount("amount"),
  currency: z
    .string({ error: "currency must be an ISO 4217 code." })
    .refine(isSupportedCurrency, { error: "currency must be an ISO 4217 code." }),
  method: z.enum(["bank_transfer", "card", "direct_debit", "cash", "other"], {
    error: "method must be one of bank_transfer, card, direct_debit, cash, other.",
  }),
  reference: optionalText("reference", 200),
  paidAt: z.iso.datetime({ offset: true, error: "paidAt must be an ISO 8601 timestamp." }),
});

export type RecordPaymentBody = z.infer<typeof recordPaymentBody>;

/** POST /organizations/:organizationId/invoices/:id/credit-notes (operator). */
export const issueCreditNoteBody = z
  .strictObject({
    reason: z.enum(["void", "correction"], { error: "reason must be 'void' or 'correction'." }),
    /** For a correction: the amount before tax to credit (the tax is credited at the invoice's rate). */
    amount: positiveAmount("amount").optional(),
    memo: requiredText("memo", 500),
  })
  .superRefine((body, context) => {
    if (body.reason === "correction" && body.amount === undefined) {
      context.addIssue({ code: "custom", path: ["amount"], message: "amount is required for a correction." });
    }
    if (body.reason === "void" && body.amount !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["amount"],
        message: "A void credits the whole invoice; send no amount.",
      });
    }
  });

export type IssueCreditNoteBody = z.infer<typeof issueCreditNoteBody>;

export const creditNoteResponse = z
  .object({
    id: z.string(),
    number: z.number().int(),
    displayNumber: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string().describe("The credited invoice's number as printed"),
    reason: z.enum(["void", "correction", "interval_switch"]),
    memo: z.string().nullable(),
    issuedAt: isoInstant,
    currency: z.string(),
    lines: z.array(z.object({ description: z.string(), amount })),
    subtotal: amount,
    tax: taxSchema,
    total: amount,
    accountCredit: amount.describe("What went to the organization's account credit"),
    seller: sellerSchema.nullable(),
    billTo: billToSchema,
  })
  .meta({ id: "CreditNote" });

export const creditNotePageResponse = pageOf(creditNoteResponse);

export const issueCreditNoteResponse = z.object({
  creditNote: creditNoteResponse,
  invoice: invoiceResponse,
});

const dateOnly = (label: string) =>
  z
    .string({ error: `${label} must be a date (YYYY-MM-DD).` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} must be a date (YYYY-MM-DD).` })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), {
      error: `${label} must be a date (YYYY-MM-DD).`,
    });

/** GET /invoices/export.csv?from=&to= (inclusive days, UTC). */
export const invoiceExportQuery = z
  .strictObject({ from: dateOnly("from"), to: dateOnly("to") })
  .refine((query) => query.from <= query.to, { path: ["to"], error: "to must not be before from." });

/** One movement of the organization's account credit (decision 0110). */
export const accountCreditMovementResponse = z
  .object({
    position: z
      .number()
      .int()
      .describe("1 for the oldest movement, counting up; the cursor of a page (pass as `before`)"),
    type: z
      .enum(["credited", "applied"])
      .describe(
        "credited: a credit note (or an invoice issued negative) added credit; applied: an invoice used it",
      ),
    occurredAt: isoInstant,
    amount: amount.describe("Signed: positive when credited, negative when applied"),
    balanceAfter: amount.describe("The account credit right after this movement"),
    currency: z.string(),
    description: z.string().describe('e.g. "Credit note CN-0003 for invoice INV-0007: invoice voided"'),
    reason: z
      .enum(["void", "correction", "interval_switch", "negative_invoice"])
      .nullable()
      .describe(
        "Why credit arrived (null when applied); negative_invoice: an invoice issued negative before credit notes",
      ),
    creditNote: z
      .object({ id: z.string(), number: z.number().int(), displayNumber: z.string() })
      .nullable()
      .describe("The credit note that added the credit (null when applied or for a negative invoice)"),
    invoice: z
      .object({ id: z.string(), number: z.number().int(), displayNumber: z.string() })
      .describe("The invoice the credit note credits, or the invoice the credit was applied to"),
  })
  .meta({ id: "AccountCreditMovement" });

export const accountCreditHistoryResponse = pageOf(accountCreditMovementResponse).extend({
  balance: amount.describe("The account credit now: the sum of every movement"),
  currency: z.string(),
});
