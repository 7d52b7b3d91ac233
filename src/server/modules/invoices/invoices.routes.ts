import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
import { getInvoice, getInvoices } from "./invoices.service.js";

export async function invoiceRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/invoices",
    {
      schema: {
        tags: ["invoices"],
        summary: "Invoices, newest first; pass nextCursor as `before` for the next page (admin, billing)",
        querystring: pageQuery,
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
        params: idParams,
      },
    },
    async (request) => getInvoice(deps, callerOf(request), request.params.id),
  );
}
