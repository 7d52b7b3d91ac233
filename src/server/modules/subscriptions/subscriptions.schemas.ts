import { z } from "zod";
import { amount, isoInstant } from "../../validation/responses.js";
import { requiredText } from "../../validation/text.js";
import { taxSchema } from "../invoices/invoices.schemas.js";

const count = (label: string) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(0, { error: `${label} cannot be negative.` })
    .max(1_000_000, { error: `${label} is too large.` });

const delta = (label: string) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(-1_000_000, { error: `${label} is too small.` })
    .max(1_000_000, { error: `${label} is too large.` });

export const intervalSchema = z.enum(["month", "year"], { error: "interval must be 'month' or 'year'." });

/** The desired state, absolute: what the dialog sends and what a change request stores. */
export const subscriptionStateBody = z.strictObject({
  seats: count("seats").min(1, { error: "seats must be at least 1." }),
  additionalCreditBlocks: count("additionalCreditBlocks"),
  interval: intervalSchema,
});

/**
 * Preview and apply: the absolute state of SPEC §9, or deltas (seatsDelta, ...) resolved under the
 * row lock. expectedVersion refuses the change (409 conflict) if the subscription moved meanwhile.
 */
export const subscriptionChangeBody = z
  .strictObject({
    seats: count("seats").min(1, { error: "seats must be at least 1." }).optional(),
    seatsDelta: delta("seatsDelta").optional(),
    additionalCreditBlocks: count("additionalCreditBlocks").optional(),
    additionalCreditBlocksDelta: delta("additionalCreditBlocksDelta").optional(),
    interval: intervalSchema.optional(),
    expectedVersion: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .superRefine((body, context) => {
    for (const [absolute, relative] of [
      ["seats", "seatsDelta"],
      ["additionalCreditBlocks", "additionalCreditBlocksDelta"],
    ] as const) {
      if (body[absolute] !== undefined && body[relative] !== undefined) {
        context.addIssue({
          code: "custom",
          path: [relative],
          message: `Send either ${absolute} or ${relative}, not both.`,
        });
      }
    }
    const asked = [
      "seats",
      "seatsDelta",
      "additionalCreditBlocks",
      "additionalCreditBlocksDelta",
      "interval",
    ];
    if (!asked.some((key) => body[key as keyof typeof body] !== undefined)) {
      context.addIssue({
        code: "custom",
        path: ["seats"],
        message: "Send at least one of seats, additionalCreditBlocks or interval.",
      });
    }
  });

export type SubscriptionChangeBody = z.infer<typeof subscriptionChangeBody>;

export const overrideBody = z
  .strictObject({
    seats: count("seats").min(1, { error: "seats must be at least 1." }).optional(),
    additionalCreditBlocks: count("additionalCreditBlocks").optional(),
    interval: intervalSchema.optional(),
    reason: requiredText("reason", 500),
  })
  .refine(
    (body) =>
      body.seats !== undefined || body.additionalCreditBlocks !== undefined || body.interval !== undefined,
    {
      path: ["seats"],
      message: "Send at least one of seats, additionalCreditBlocks or interval.",
    },
  );

// Responses (SPEC §9): the OpenAPI document, the SDK and the web are generated from these. Closed
// objects: the integration suite checks that every answer has exactly these fields.

const whole = (description?: string) =>
  description ? z.number().int().describe(description) : z.number().int();

/** Seats, additional credit blocks and interval. */
const planLevels = {
  seats: whole(),
  additionalCreditBlocks: whole(),
  interval: intervalSchema,
};

/** Seats, additional credit blocks and interval, as a response object. */
export const planLevelsResponse = z.object(planLevels);

/** A decrease waiting for the renewal: what the renewal at `effectiveAt` applies and bills. */
export const scheduledChangeSchema = z
  .object({ ...planLevels, effectiveAt: isoInstant })
  .meta({ id: "ScheduledChange", description: "A decrease applied (and billed) at the renewal" });

export const violationSchema = z
  .object({ code: z.string(), message: z.string(), field: z.string().optional() })
  .meta({ id: "Violation", description: "A broken billing rule" });

const quoteLine = z
  .object({
    kind: z.string().describe("e.g. seats_added, credit_blocks_added, seats_unused"),
    description: z.string(),
    quantity: whole(),
    unitAmount: amount,
    amount: amount.describe("Negative for a credit"),
    periodStart: isoInstant,
    periodEnd: isoInstant,
    creditsGranted: whole("Credits this line grants now (added seats prorated, blocks in full)"),
  })
  .meta({ id: "QuoteLine" });

/** What a change costs now and at the renewal (preview, change requests, approvals). */
export const quoteResponse = z
  .object({
    currency: z.string(),
    quotedAt: isoInstant,
    changed: z.boolean().describe("false: the change asks for what the subscription already is"),
    dueNow: z.object({
      lines: z.array(quoteLine),
      subtotal: amount,
      creditApplied: amount,
      tax: taxSchema,
      total: amount.describe("subtotal − creditApplied + tax.total: what the invoice will charge"),
      currency: z.string(),
    }),
    documents: z
      .object({
        invoice: z.object({ subtotal: amount, tax: taxSchema, total: amount }),
        creditNote: z.object({
          lines: z.array(z.object({ description: z.string(), amount })),
          subtotal: amount,
          tax: taxSchema,
          total: amount,
          accountCredit: amount.describe("The excess beyond the invoice, added to account credit"),
        }),
      })
      .nullable()
      .optional()
      .describe(
        "A change whose unused time exceeds its charges (dueNow.total < 0) is issued as an invoice for the charges and a credit note for the unused time: their figures (invoice total − credit note total = dueNow.total). null otherwise",
      ),
    recurring: z.object({ total: amount, interval: intervalSchema }),
    savings: amount.describe("What yearly billing saves over 12 months"),
    creditGrant: whole("Credits granted now"),
    creditsGranted: z.object({ seats: whole(), blocks: whole() }).optional(),
    scheduled: scheduledChangeSchema
      .extend({ recurringTotal: amount.nullable().describe("What the renewal at effectiveAt bills") })
      .nullable()
      .optional()
      .describe("What the save would leave scheduled for the renewal (null: nothing)"),
    scheduleAction: z.enum(["scheduled", "replaced", "cancelled"]).nullable().optional(),
    next: z.object({
      ...planLevels,
      periodStart: isoInstant,
      periodEnd: isoInstant,
      accountCredit: amount,
    }),
    violations: z.array(violationSchema).describe("Empty when the change may be saved"),
  })
  .meta({ id: "Quote" });

/** POST /subscription/preview: the quote, with the version to send back as expectedVersion. */
export const previewResponse = quoteResponse
  .extend({
    version: whole("The subscription's version; send it as expectedVersion to save exactly this"),
    organizationId: z.string(),
  })
  .meta({ id: "Preview" });

export const subscriptionResponse = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    ...planLevels,
    scheduled: scheduledChangeSchema.nullable(),
    anchorAt: isoInstant,
    periodStart: isoInstant,
    periodEnd: isoInstant,
    activeUsers: whole(),
    currency: z.string(),
    accountCredit: amount,
    monthlyCredits: whole("Credits granted at each monthly reset"),
    recurring: z.object({
      total: amount.describe("What the next renewal bills (the scheduled counts when a decrease stands)"),
      interval: intervalSchema,
      nextBillingAt: isoInstant,
    }),
    requireApproval: z.boolean(),
    // Always null here; GET /subscription fills them (change-requests.schemas.ts, subscriptionView).
    pendingChangeRequest: z.null(),
    lastDecidedChangeRequest: z.null(),
    version: whole(),
  })
  .meta({ id: "Subscription" });

/** A change applied: the subscription after it and the invoice it issued (null: nothing due). */
export function appliedChangeResponse<T extends z.ZodType>(invoice: T) {
  return z.object({ subscription: subscriptionResponse, invoice: invoice.nullable() });
}
