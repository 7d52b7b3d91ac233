import { z } from "zod";
import { isoInstant } from "../../validation/responses.js";
import { requiredText } from "../../validation/text.js";

export const createApiKeyBody = z.strictObject({
  name: requiredText("name", 100),
  role: z.enum(["admin", "billing", "member", "spend"], {
    error: "role must be 'admin', 'billing', 'member' or 'spend'.",
  }),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

// Responses (the OpenAPI document; the SDK and the web are generated from it).

export const apiKeyResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(["admin", "billing", "member", "spend"]),
    prefix: z.string().describe("The first characters of the secret, to tell keys apart"),
    createdAt: isoInstant,
    revokedAt: isoInstant.nullable(),
  })
  .meta({ id: "ApiKey" });

export const apiKeyListResponse = z.object({ data: z.array(apiKeyResponse) });

export const createdApiKeyResponse = apiKeyResponse
  .extend({ secret: z.string().describe("The key (wpk_…): shown in this answer only") })
  .meta({ id: "CreatedApiKey" });
