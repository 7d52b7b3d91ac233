import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { callerOf } from "../../http/mutate.js";
import { defaultPageSize, pageOf, pageQuery } from "../../validation/pagination.js";
import { requireOperator } from "../auth/authenticate.js";
import { listEmailMessages, toEmailDto } from "./email.repository.js";
import { emailListResponse } from "./email.schemas.js";

export async function emailRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/operator/emails",
    {
      schema: {
        tags: ["operator"],
        summary:
          "E-mail sent or, without SMTP_URL, written as .eml files (with their path), newest first (operator token)",
        querystring: pageQuery,
        response: { 200: emailListResponse },
      },
    },
    async (request) => {
      requireOperator(callerOf(request).principal);
      const limit = request.query.limit ?? defaultPageSize;
      const rows = await listEmailMessages(deps.db, { limit: limit + 1, beforeId: request.query.before });
      return pageOf(rows, limit, (row) => row.id, toEmailDto);
    },
  );
}
