import { z } from "zod";
import { categoryIds } from "../../../core/activity.js";
import { pageQuery } from "../../validation/pagination.js";
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

const dateOnly = (label: string) =>
  z
    .string({ error: `${label} must be a date (YYYY-MM-DD).` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} must be a date (YYYY-MM-DD).` })
    .refine(
      (value) => {
        // A real calendar day: 2026-02-30 is refused, not read as March 2.
        const day = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
      },
      {
        error: `${label} must be a date (YYYY-MM-DD).`,
      },
    )
    .describe(`${label === "from" ? "First" : "Last"} UTC day of the range (YYYY-MM-DD), included`);

/** The filters of the audit trail, the same for a page and for the CSV export. */
const auditFilters = {
  actorType: z
    .enum(["user", "api_key", "operator", "scheduler", "system"], {
      error: "actorType must be one of user, api_key, operator, scheduler, system.",
    })
    .optional()
    .describe("Only events by this kind of actor"),
  actorId: z
    .string()
    .min(1, { error: "actorId must not be empty." })
    .max(100, { error: "actorId must be at most 100 characters." })
    .optional()
    .describe("Only events by this actor (a user's or an API key's id)"),
  area: z
    .enum(categoryIds, { error: `area must be one of ${categoryIds.join(", ")}.` })
    .optional()
    .describe("Only this kind of change (invoice: invoices and credit notes; user: users and invitations)"),
  action: z
    .string()
    .regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, {
      error: "action must be an action name like subscription.changed.",
    })
    .optional()
    .describe("Only this action, e.g. subscription.changed"),
  from: dateOnly("from").optional(),
  to: dateOnly("to").optional(),
};

const rangeInOrder = (query: { from?: string | undefined; to?: string | undefined }) =>
  !query.from || !query.to || query.from <= query.to;

/** GET /audit-events: a page, filtered. */
export const auditEventsQuery = pageQuery
  .extend(auditFilters)
  .refine(rangeInOrder, { path: ["to"], error: "to must not be before from." });

/** GET /audit-events/export.csv: every event the filters keep. */
export const auditExportQuery = z
  .strictObject(auditFilters)
  .refine(rangeInOrder, { path: ["to"], error: "to must not be before from." });

export type AuditFilters = Omit<z.infer<typeof auditExportQuery>, never>;
export type AuditEventsQuery = z.infer<typeof auditEventsQuery>;
