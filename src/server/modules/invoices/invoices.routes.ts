import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
import { errorResponses } from "../../validation/responses.js";
import { invoicePageResponse, invoiceResponse } from "./invoices.schemas.js";
import { getInvoice, getInvoices } from "./invoices.service.js";

export async function invoiceRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/invoices",
    {
      schema: {
        tags: ["invoices"],
        summary: "Invoices, newest first; pass nextCursor as `before` for the next page (admin, billing)",
        operationId: "listInvoices",
        querystring: pageQuery,
        response: { 200: invoicePageResponse },
      },
    },
    async (request) => getInvoices(deps, callerOf(request), request.query),
  );
  api.get(
    "/invoices/:id",
    {
      schema: {
        tags: ["invoices"],
        summary: "One invoice with its lines (admin, billing)",
        operationId: "getInvoice",
        params: idParams,
        response: { 200: invoiceResponse, ...errorResponses(404) },
      },
    },
    async (request) => getInvoice(deps, callerOf(request), request.params.id),
  );
}
