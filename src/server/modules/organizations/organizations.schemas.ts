import { z } from "zod";
import { isSupportedCurrency } from "../../../core/currency.js";
import { subscriptionStateBody } from "../subscriptions/subscriptions.schemas.js";

export const provisionBody = subscriptionStateBody.extend({
  name: z.string().trim().min(1, { error: "name is required." }).max(200),
  currency: z
    .string()
    .refine(isSupportedCurrency, { error: "currency must be an ISO 4217 code we support, e.g. USD." }),
  requireApproval: z.boolean().default(false),
  admin: z.strictObject({
    email: z.email({ error: "admin.email must be a valid e-mail address." }).max(254),
    name: z.string().trim().min(1, { error: "admin.name is required." }).max(200),
  }),
});

export type ProvisionBody = z.infer<typeof provisionBody>;
