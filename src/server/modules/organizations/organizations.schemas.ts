import { z } from "zod";
import { isSupportedCurrency } from "../../../core/currency.js";
import { emailAddress, requiredText } from "../../validation/text.js";
import { subscriptionStateBody } from "../subscriptions/subscriptions.schemas.js";

export const provisionBody = subscriptionStateBody.extend({
  name: requiredText("name", 200),
  currency: z
    .string()
    .refine(isSupportedCurrency, { error: "currency must be an ISO 4217 code we support, e.g. USD." }),
  requireApproval: z.boolean().default(false),
  admin: z.strictObject({
    email: emailAddress("admin.email"),
    name: requiredText("admin.name", 200),
  }),
});

export type ProvisionBody = z.infer<typeof provisionBody>;
