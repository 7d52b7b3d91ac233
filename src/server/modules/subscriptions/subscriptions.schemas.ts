import { z } from "zod";
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

// Response shapes for the OpenAPI document (SPEC §9). Loose objects: the fields listed are the
// contract, the responses carry more.
const isoInstant = z.string().describe("ISO 8601 UTC timestamp");

/** A decrease waiting for the renewal: what the renewal at `effectiveAt` applies and bills. */
export const scheduledChangeSchema = z
  .looseObject({
    seats: z.number().int(),
    additionalCreditBlocks: z.number().int(),
    interval: intervalSchema,
    effectiveAt: isoInstant,
  })
  .nullable()
  .describe("The scheduled decrease (applied at the renewal), or null");

export const subscriptionResponse = z.looseObject({
  seats: z.number().int(),
  additionalCreditBlocks: z.number().int(),
  interval: intervalSchema,
  periodStart: isoInstant,
  periodEnd: isoInstant,
  activeUsers: z.number().int(),
  currency: z.string(),
  accountCredit: z.number().int(),
  pendingChangeRequest: z.unknown(),
  scheduled: scheduledChangeSchema,
  recurring: z.looseObject({
    total: z
      .number()
      .int()
      .describe("What the next renewal bills (the scheduled counts when a decrease stands)"),
    interval: intervalSchema,
    nextBillingAt: isoInstant,
  }),
});

const quoteLine = z.looseObject({
  kind: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  unitAmount: z.number().int(),
  amount: z.number().int(),
  periodStart: isoInstant,
  periodEnd: isoInstant,
  creditsGranted: z
    .number()
    .int()
    .describe("Credits this line grants now (added seats prorated, blocks in full)"),
});

export const quoteResponse = z.looseObject({
  dueNow: z.looseObject({
    lines: z.array(quoteLine),
    subtotal: z.number().int(),
    creditApplied: z.number().int(),
    tax: taxSchema,
    total: z.number().int().describe("subtotal − creditApplied + tax.total: what the invoice will charge"),
    currency: z.string(),
  }),
  recurring: z.looseObject({ total: z.number().int(), interval: intervalSchema }),
  savings: z.number().int(),
  creditGrant: z.number().int().describe("Credits granted now"),
  creditsGranted: z.looseObject({ seats: z.number().int(), blocks: z.number().int() }),
  scheduled: z
    .looseObject({
      seats: z.number().int(),
      additionalCreditBlocks: z.number().int(),
      interval: intervalSchema,
      effectiveAt: isoInstant,
      recurringTotal: z.number().int().describe("What the renewal at effectiveAt bills"),
    })
    .nullable()
    .describe("What the save would leave scheduled for the renewal (null: nothing)"),
  scheduleAction: z.enum(["scheduled", "replaced", "cancelled"]).nullable(),
  violations: z.array(z.looseObject({ code: z.string(), message: z.string(), field: z.string().optional() })),
});
