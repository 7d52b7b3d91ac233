import { z } from "zod";
import { optionalText } from "../../validation/text.js";
import { eventTypes } from "./event-types.js";

const endpointUrl = z
  .string({ error: "url must be text." })
  .trim()
  .max(2000, { error: "url must be at most 2000 characters." })
  .refine((value) => URL.canParse(value), { error: "url must be an http(s) URL." })
  .describe(
    "A public http(s) URL without credentials; loopback, private, link-local, multicast and unspecified addresses (or names resolving to them) are refused with 422 url_not_allowed, unless the deployment sets WEBHOOK_ALLOW_PRIVATE_NETWORKS",
  );

const eventTypeList = z
  .array(z.enum(eventTypes, { error: `eventTypes may hold only: ${eventTypes.join(", ")}.` }), {
    error: "eventTypes must be a list of event types.",
  })
  .max(eventTypes.length)
  .transform((types) => [...new Set(types)]);

export const createEndpointBody = z.strictObject({
  url: endpointUrl,
  description: optionalText("description", 200),
  eventTypes: eventTypeList.optional().describe("Empty or missing: every event type"),
});
export type CreateEndpointBody = z.infer<typeof createEndpointBody>;

export const updateEndpointBody = z.strictObject({
  url: endpointUrl.optional(),
  description: optionalText("description", 200).optional(),
  eventTypes: eventTypeList.optional(),
  enabled: z.boolean({ error: "enabled must be true or false." }).optional(),
});
export type UpdateEndpointBody = z.infer<typeof updateEndpointBody>;

export const rotateSecretBody = z
  .strictObject({
    previousSecretValidHours: z
      .number({ error: "previousSecretValidHours must be a number of hours." })
      .int({ error: "previousSecretValidHours must be a whole number." })
      .min(0, { error: "previousSecretValidHours must be at least 0." })
      .max(168, { error: "previousSecretValidHours must be at most 168." })
      .optional(),
  })
  .nullish();

const instant = (label: string) =>
  z
    .string({ error: `${label} must be an ISO 8601 date-time.` })
    .datetime({ offset: true, error: `${label} must be an ISO 8601 date-time.` })
    .transform((value) => new Date(value));

export const replayBody = z.union(
  [
    z.strictObject({ eventId: z.string().uuid({ error: "eventId must be an event id (UUID)." }) }),
    z.strictObject({ from: instant("from"), to: instant("to") }),
  ],
  { error: "Send {eventId} to replay one event or {from, to} to replay a time range." },
);
export type ReplayBody = z.infer<typeof replayBody>;

export const endpointResponse = z.strictObject({
  id: z.string(),
  scope: z.enum(["organization", "all_organizations"]),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
});

export const endpointWithSecretResponse = endpointResponse.extend({
  secret: z.string().describe("whsec_…: verify signatures with it (shown on creation and rotation only)"),
});

export const deletedEndpointResponse = z.strictObject({
  id: z.string(),
  deleted: z.literal(true),
});

export const endpointListResponse = z.strictObject({ data: z.array(endpointResponse) });

export const deliveryResponse = z.strictObject({
  id: z.number().int(),
  eventId: z.string(),
  eventType: z.string(),
  organizationId: z.string(),
  sequence: z.number().int().nullable(),
  status: z.enum(["pending", "delivered", "dead"]),
  attempts: z.number().int(),
  replay: z.boolean(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  responseStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  error: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const deliveryPageResponse = z.strictObject({
  data: z.array(deliveryResponse),
  nextCursor: z.number().int().nullable(),
});

export const replayResponse = z.strictObject({ queued: z.number().int() });
