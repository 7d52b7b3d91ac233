import { z } from "zod";

const count = (label: string) =>
  z
    .number({ error: `${label} must be a whole number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(0, { error: `${label} cannot be negative.` })
    .max(1_000_000, { error: `${label} is too large.` });

export const subscriptionChangeBody = z.strictObject({
  seats: count("seats").min(1, { error: "seats must be at least 1." }),
  additionalCreditBlocks: count("additionalCreditBlocks"),
  interval: z.enum(["month", "year"], { error: "interval must be 'month' or 'year'." }),
});

export type SubscriptionChangeBody = z.infer<typeof subscriptionChangeBody>;

export const operatorChangeBody = subscriptionChangeBody.extend({
  allowIntervalDowngrade: z.boolean().optional(),
  reason: z.string().trim().min(1).max(500),
});
