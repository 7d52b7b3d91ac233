import { z } from "zod";
import { requiredText } from "../../validation/text.js";

export const createApiKeyBody = z.strictObject({
  name: requiredText("name", 100),
  role: z.enum(["admin", "billing", "member", "spend"], {
    error: "role must be 'admin', 'billing', 'member' or 'spend'.",
  }),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;
