import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../context.js";
import { downloadRoute, readRoute } from "../../http/route-kinds.js";
import { auditEventsQuery, auditExportQuery, auditPageResponse } from "./audit.schemas.js";
import { exportAuditEventsCsv, getAuditEvents } from "./audit.service.js";

const tags = ["audit"];

export async function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoute(
    app,
    "/audit-events",
    {
      tags,
      operationId: "listAuditEvents",
      summary:
        "The audit log, newest first, narrowed by actor, kind of change and UTC days; pass nextCursor as `before` for the next page (admin)",
      querystring: auditEventsQuery,
      response: auditPageResponse,
    },
    ({ caller, query }) => getAuditEvents(deps, caller, query),
  );
  downloadRoute(
    app,
    "/audit-events/export.csv",
    {
      tags,
      operationId: "exportAuditEventsCsv",
      summary:
        "The audit log the same filters keep, as CSV in plain words, newest first (admin; up to 10,000 events)",
      querystring: auditExportQuery,
      file: "csv",
      contents: "One row per event (text/csv)",
    },
    ({ caller, query }) => exportAuditEventsCsv(deps, caller, query),
  );
}
