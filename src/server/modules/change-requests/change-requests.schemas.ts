import { z } from "zod";
import { optionalText } from "../../validation/text.js";
import { subscriptionStateBody } from "../subscriptions/subscriptions.schemas.js";

export const submitBody = subscriptionStateBody.extend({
  note: optionalText("note", 1000).optional(),
});

export const rejectBody = z
  .strictObject({ reason: optionalText("reason", 1000).optional() })
  .nullish()
  .transform((body) => body ?? {});

export const listQuery = z.strictObject({
  status: z
    .enum(["pending", "approved", "rejected", "withdrawn"], {
      error: "status must be pending, approved, rejected or withdrawn.",
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
