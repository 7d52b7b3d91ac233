import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.js";
import { notFound } from "../../errors.js";
import { callerOf } from "../../http/mutate.js";
import { pageQuery, readPage } from "../../validation/pagination.js";
import { errorResponses } from "../../validation/responses.js";
import { requireOperator } from "../auth/authenticate.js";
import { readEml, summarizeEml } from "./email.files.js";
import { findEmailMessage, listEmailMessages, toEmailDto } from "./email.repository.js";
import { emailDetailResponse, emailIdParams, emailListResponse } from "./email.schemas.js";

export async function emailRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
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
      return readPage(
        request.query,
        ({ limit, before }) => listEmailMessages(deps.db, { limit, beforeId: before }),
        (row) => row.id,
        toEmailDto,
      );
    },
  );
  api.get(
    "/operator/emails/:id",
    {
      schema: {
        tags: ["operator"],
        operationId: "getOperatorEmail",
        summary: "One e-mail with its text and HTML bodies, sender and attachments (operator token)",
        params: emailIdParams,
        response: { 200: emailDetailResponse, ...errorResponses(404) },
      },
    },
    async (request) => {
      requireOperator(callerOf(request).principal);
      const id = /^[0-9]{1,15}$/.test(request.params.id) ? Number(request.params.id) : undefined;
      const row = id === undefined ? undefined : await findEmailMessage(deps.db, id);
      if (!row) throw notFound("E-mail message");
      // Written by this server under DATA_DIR/mail; a path elsewhere is not read.
      const eml = row.file ? await readEml(row.file, join(deps.config.DATA_DIR, "mail")) : undefined;
      const summary = eml === undefined ? undefined : await summarizeEml(eml);
      return {
        ...toEmailDto(row),
        from: summary?.from ?? deps.config.MAIL_FROM,
        text: row.text,
        html: row.html,
        attachments: summary?.attachments ?? null,
      };
    },
  );
}
