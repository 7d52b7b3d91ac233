import { z } from "zod";
import { requiredText } from "../../http/text.js";

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
