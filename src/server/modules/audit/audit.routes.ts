import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { auditEventsQuery, auditExportQuery, auditPageResponse } from "./audit.schemas.js";
import { exportAuditEventsCsv, getAuditEvents } from "./audit.service.js";

export async function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/audit-events",
    {
      schema: {
        tags: ["audit"],
        summary:
          "The audit log, newest first, narrowed by actor, kind of change and UTC days; pass nextCursor as `before` for the next page (admin)",
        operationId: "listAuditEvents",
        querystring: auditEventsQuery,
        response: { 200: auditPageResponse },
      },
    },
    async (request) => getAuditEvents(deps, callerOf(request), request.query),
  );
  api.get(
    "/audit-events/export.csv",
    {
      schema: {
        tags: ["audit"],
        summary:
          "The audit log the same filters keep, as CSV in plain words, newest first (admin; up to 10,000 events)",
        operationId: "exportAuditEventsCsv",
        querystring: auditExportQuery,
        response: {
          200: {
            description: "One row per event (text/csv)",
            content: { "text/csv": { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const { csv, filename } = await exportAuditEventsCsv(deps, callerOf(request), request.query);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("cache-control", "private, no-store")
        .send(csv);
    },
  );
}
