import { z } from "zod";
import { amount, isoInstant, pageOf } from "../../validation/responses.js";

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
    number: z.number().int().describe("Gapless, per server"),
    kind: z.enum(["initial", "change", "renewal"]),
    issuedAt: isoInstant,
    currency: z.string(),
    lines: z.array(invoiceLineResponse),
    subtotal: amount,
    creditApplied: amount.describe("Account credit used, in minor units"),
    total: amount,
  })
  .meta({ id: "Invoice" });

export const invoicePageResponse = pageOf(invoiceResponse);
