import { z } from "zod";
import { isoInstant, pageOf } from "../../validation/responses.js";

export const auditEventResponse = z
  .object({
    id: z.number().int(),
    occurredAt: isoInstant,
    actor: z.object({
      type: z.enum(["user", "api_key", "operator", "scheduler", "system"]),
      id: z.string().nullable(),
    }),
    action: z.string().describe("e.g. subscription.changed, api_key.created"),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().describe("The entity before the change (JSON), or null"),
    after: z.unknown().describe("The entity after the change (JSON), or null"),
    source: z.string(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AuditEvent" });

export const auditPageResponse = pageOf(auditEventResponse);
