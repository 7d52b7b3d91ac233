import { z } from "zod";
import { isSupportedCurrency } from "../../../core/currency.js";
import { amount } from "../../validation/responses.js";
import { emailAddress, requiredText } from "../../validation/text.js";
import { createdApiKeyResponse } from "../api-keys/api-keys.schemas.js";
import { invoiceResponse } from "../invoices/invoices.schemas.js";
import { subscriptionResponse, subscriptionStateBody } from "../subscriptions/subscriptions.schemas.js";
import { invitationLink } from "../users/users.schemas.js";

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

// Responses.

const memberRole = z.enum(["admin", "billing", "member"]);

export const organizationResponse = z
  .object({ id: z.string(), name: z.string(), currency: z.string(), requireApproval: z.boolean() })
  .meta({ id: "Organization" });

export const provisionedResponse = z
  .object({
    organization: organizationResponse,
    subscription: subscriptionResponse,
    admin: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      role: memberRole,
      invitation: invitationLink,
    }),
    apiKey: createdApiKeyResponse.describe("The organization's first admin API key (its secret, once)"),
    invoice: invoiceResponse.describe("The initial invoice"),
    recurringTotal: amount.describe("What each renewal bills"),
  })
  .meta({ id: "ProvisionedOrganization" });

/** GET /me: a member (session or API key) or the operator. */
export const meResponse = z
  .union([
    z.object({
      user: z
        .object({ id: z.string(), email: z.string(), name: z.string(), role: memberRole })
        .nullable()
        .describe("The signed-in person (null for an API key)"),
      apiKey: z
        .object({ id: z.string(), role: z.enum(["admin", "billing", "member", "spend"]) })
        .nullable()
        .describe("The API key the call was made with (null for a session)"),
      role: z.enum(["admin", "billing", "member", "spend"]),
      organization: organizationResponse,
      organizations: z
        .array(
          z.object({
            id: z.string(),
            name: z.string(),
            role: z.enum(["admin", "billing", "member", "spend"]),
          }),
        )
        .describe("Every organization the person may switch to"),
      permissions: z.array(z.string()),
      mustRequestApproval: z.boolean().describe("Changes go through a change request for this caller"),
    }),
    z.object({ operator: z.literal(true) }),
  ])
  .meta({ id: "Me" });
