import { z } from "zod";
import { eventTypes } from "../../../core/event-types.js";
import { taxSchema } from "../invoices/invoices.schemas.js";

/**
 * The public event types (version 1). Migration 0012's `event_type_of_audit` maps audit actions
 * to them, the invoice issuers emit invoice.issued (`invoiceIssuedEvents`), the credit notices
 * emit credits.low; the
 * payload is `data.object` (the entity after the change) and `data.previous` (before it, or null).
 */
export { eventTypes };

export type EventType = (typeof eventTypes)[number];

const anyObject = z.record(z.string(), z.unknown());

const subscriptionObject = z
  .looseObject({
    id: z.string(),
    organizationId: z.string(),
    seats: z.number().int(),
    additionalCreditBlocks: z.number().int(),
    interval: z.enum(["month", "year"]),
    invoiceId: z.string().nullable().optional(),
  })
  .describe("The subscription as GET /subscription shows it, with the invoice the change issued");

const changeRequestObject = z
  .looseObject({ id: z.string(), status: z.enum(["pending", "approved", "rejected", "withdrawn"]) })
  .describe("The change request as GET /change-requests shows it");

const minor = (what: string) => z.number().int().describe(`${what}, in minor units of currency`);

/** The tax as GET /invoices shows it: one source for the API and the webhooks. */
const taxObject = taxSchema;

/**
 * The invoice in `invoice.issued` and `invoice.paid` (version 1), built by `invoiceEventObject`
 * (modules/invoices/invoice-events.ts) from the frozen document: this schema is the payload's type
 * and its OpenAPI description at once.
 */
export const invoiceEventSchema = z.strictObject({
  id: z.string(),
  number: z.number().int(),
  displayNumber: z.string().describe('The number printed on the invoice ("WP-000042")'),
  kind: z.enum(["initial", "change", "renewal"]),
  status: z.enum(["open", "paid", "void"]),
  issuedAt: z.string(),
  dueAt: z.string().nullable(),
  currency: z.string(),
  subtotal: minor("Before account credit and tax"),
  creditApplied: minor("Account credit applied"),
  tax: taxObject,
  total: minor("What is due, tax included"),
  amountPaid: minor("Paid so far"),
  amountCredited: minor("Credited by credit notes"),
  amountDue: minor("Left to pay"),
  paidAt: z.string().nullable(),
});
export type InvoiceEventObject = z.infer<typeof invoiceEventSchema>;

/** The credit note in `credit_note.issued` (version 1), with the invoice it credits as it now is. */
export const creditNoteEventSchema = z.strictObject({
  id: z.string(),
  number: z.number().int(),
  displayNumber: z.string().describe('The number printed on the credit note ("CN-000007")'),
  reason: z.enum(["void", "correction", "interval_switch"]),
  memo: z.string().nullable(),
  issuedAt: z.string(),
  currency: z.string(),
  lines: z.array(z.strictObject({ description: z.string(), amount: minor("Credited before tax") })),
  subtotal: minor("Credited before tax"),
  tax: taxObject,
  total: minor("Credited, tax included"),
  accountCredit: minor("What became account credit"),
  invoiceId: z.string(),
  invoiceNumber: z.string().describe("The credited invoice's display number"),
  invoice: z
    .strictObject({
      id: z.string(),
      number: z.number().int(),
      displayNumber: z.string(),
      status: z.enum(["open", "paid", "void"]),
      total: minor("The invoice's total"),
      amountDue: minor("Left to pay on it after this credit note"),
    })
    .describe("The invoice this credit note credits, after it"),
});
export type CreditNoteEventObject = z.infer<typeof creditNoteEventSchema>;

const creditsLowObject = z.strictObject({
  threshold: z.union([z.literal(80), z.literal(100)]).describe("per cent of the cycle's allocation used"),
  cycleStart: z.string(),
  allocation: z.number().int(),
  used: z.number().int(),
});

const userObject = z
  .looseObject({ id: z.string(), email: z.string(), role: z.string(), status: z.string() })
  .describe("The user as GET /users shows it");

const objectOf: Record<EventType, z.ZodType> = {
  "subscription.updated": subscriptionObject,
  "subscription.change_scheduled": z.looseObject({ scheduled: anyObject.nullable() }),
  "invoice.issued": invoiceEventSchema,
  "invoice.paid": invoiceEventSchema.describe("The invoice once paid"),
  "credit_note.issued": creditNoteEventSchema,
  "credits.low": creditsLowObject,
  "credits.reset": anyObject.describe("The credit balance of the new cycle"),
  "change_request.submitted": changeRequestObject,
  "change_request.approved": changeRequestObject,
  "change_request.rejected": changeRequestObject,
  "change_request.withdrawn": changeRequestObject,
  "user.added": userObject,
  "user.deactivated": userObject,
  "user.reactivated": userObject,
  "billing_info.updated": anyObject.describe("The billing profile as GET /billing-info shows it"),
};

/** The body of one event of `type`, as POSTed to an endpoint (Standard Webhooks headers sign it). */
export function eventSchema(type: EventType) {
  return z.strictObject({
    id: z.string().uuid().describe("The event id, also the webhook-id header: dedupe on it"),
    type: z.literal(type),
    version: z.literal(1),
    organizationId: z.string().uuid(),
    sequence: z.number().int().describe("1, 2, 3 … per organization in commit order"),
    timestamp: z.string().describe("When the change happened (ISO 8601)"),
    data: z.strictObject({
      object: objectOf[type],
      previous: z.unknown().describe("The object before the change, or null"),
    }),
  });
}

/**
 * The OpenAPI 3.1 `webhooks` section: one POST per event type, its body's schema. Plain JSON,
 * typed loosely for the swagger plugin's PathItemObject.
 */
export function openApiWebhooks(): Record<string, never> {
  return Object.fromEntries(
    eventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `on${type
            .split(/[._]/)
            .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
            .join("")}`,
          summary: `${type} (version 1)`,
          description:
            "Signed per Standard Webhooks: verify webhook-signature over webhook-id, webhook-timestamp and the body joined by dots, with the endpoint's secret; dedupe on webhook-id; order by sequence within an organization.",
          parameters: ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => ({
            name,
            in: "header",
            required: true,
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: z.toJSONSchema(eventSchema(type), { unrepresentable: "any" }) },
            },
          },
          responses: {
            "200": {
              description: "Any 2xx acknowledges; anything else (or 10 s without an answer) is retried",
            },
          },
        },
      },
    ]),
  ) as Record<string, never>;
}
