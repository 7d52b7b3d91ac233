import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { pageQuery } from "../../validation/pagination.js";
import { auditPageResponse } from "./audit.schemas.js";
import { getAuditEvents } from "./audit.service.js";

export async function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/audit-events",
    {
      schema: {
        tags: ["audit"],
        summary: "The audit log, newest first; pass nextCursor as `before` for the next page (admin)",
        operationId: "listAuditEvents",
        querystring: pageQuery,
        response: { 200: auditPageResponse },
      },
    },
    async (request) => getAuditEvents(deps, callerOf(request), request.query),
  );
}
