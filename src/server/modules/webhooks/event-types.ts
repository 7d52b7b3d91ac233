import { z } from "zod";
import { eventTypes } from "../../../core/event-types.js";

/**
 * The public event types (version 1). Migration 0011's `event_type_of_audit` maps audit actions
 * to them, `invoices_publish` emits invoice.issued, the credit notices emit credits.low; the
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

const invoiceObject = z.strictObject({
  id: z.string(),
  number: z.number().int(),
  kind: z.enum(["initial", "change", "renewal"]),
  issuedAt: z.string(),
  currency: z.string(),
  subtotal: z.number().int().describe("minor units"),
  creditApplied: z.number().int().describe("minor units"),
  total: z.number().int().describe("minor units"),
});

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
  "invoice.issued": invoiceObject,
  "invoice.paid": anyObject.describe("The invoice once paid"),
  "credit_note.issued": anyObject.describe("The credit note"),
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
