import { z } from "zod";
import { amount, isoInstant } from "../../validation/responses.js";
import { optionalText } from "../../validation/text.js";
import { invoiceResponse, taxSchema } from "../invoices/invoices.schemas.js";
import {
  planLevelsResponse,
  quoteResponse,
  subscriptionResponse,
  subscriptionStateBody,
} from "../subscriptions/subscriptions.schemas.js";

export const submitBody = subscriptionStateBody.extend({
  note: optionalText("note", 1000).optional(),
});

export const rejectBody = z
  .strictObject({ reason: optionalText("reason", 1000).optional() })
  .nullish()
  .transform((body) => body ?? {});

export const listQuery = z.strictObject({
  status: z
    .enum(["pending", "approved", "rejected", "withdrawn"], {
      error: "status must be pending, approved, rejected or withdrawn.",
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

// Responses.

const person = z
  .object({ id: z.string(), name: z.string(), email: z.string().nullable() })
  .nullable()
  .meta({ id: "Person" });

export const changeRequestResponse = z
  .object({
    id: z.string(),
    status: z.enum(["pending", "approved", "rejected", "withdrawn"]),
    requestedBy: person,
    requestedAt: isoInstant,
    note: z.string().nullable(),
    current: planLevelsResponse.describe("The subscription when the request was submitted"),
    requested: planLevelsResponse,
    quoteAtSubmission: quoteResponse
      .nullable()
      .describe("The quote shown when it was submitted (null for roles that cannot read money)"),
    decidedBy: person,
    decidedAt: isoInstant.nullable(),
    reason: z.string().nullable(),
    invoiceId: z.string().nullable(),
  })
  .meta({ id: "ChangeRequest" });

export const changeRequestListResponse = z.object({ data: z.array(changeRequestResponse) });

/** An approval: the request, the subscription after it and the invoice it issued. */
export const decisionResponse = z
  .object({
    changeRequest: changeRequestResponse,
    subscription: subscriptionResponse,
    invoice: invoiceResponse.nullable(),
  })
  .meta({ id: "Approval" });

/** GET /subscription: the subscription with the pending request and the last decided one. */
export const subscriptionView = subscriptionResponse
  .extend({
    pendingChangeRequest: changeRequestResponse.nullable(),
    lastDecidedChangeRequest: changeRequestResponse.nullable(),
    nextInvoice: z
      .object({
        issuedAt: isoInstant,
        subtotal: amount,
        creditApplied: amount,
        tax: taxSchema,
        total: amount.describe("subtotal − creditApplied + tax.total"),
      })
      .describe(
        "What the renewal at periodEnd invoices as things stand: its lines priced today (a scheduled decrease counted), account credit applied, VAT for the billing address",
      ),
  })
  .meta({ id: "SubscriptionView" });
