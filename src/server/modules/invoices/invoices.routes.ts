import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
import { errorResponses } from "../../validation/responses.js";
import {
  accountCreditHistoryResponse,
  creditNotePageResponse,
  creditNoteResponse,
  invoiceExportQuery,
  invoicePageResponse,
  invoiceResponse,
  issueCreditNoteBody,
  issueCreditNoteResponse,
  recordPaymentBody,
  recordPaymentResponse,
  sellerProfileResponse,
} from "./invoices.schemas.js";
import {
  exportAccountCreditCsv,
  exportInvoicesCsv,
  getAccountCreditHistory,
  getCreditNote,
  getCreditNotePdf,
  getCreditNotes,
  getInvoice,
  getInvoicePdf,
  getInvoices,
  getSellerProfile,
  issueCreditNote,
  recordPayment,
} from "./invoices.service.js";

/** A downloaded document: its type, its name (the number; anything else left out) and no caching. */
function sendAttachment(reply: FastifyReply, body: Buffer | string, contentType: string, filename: string) {
  const safe = filename.replace(/[^\w.-]/g, "_");
  return reply
    .header("content-type", contentType)
    .header("content-disposition", `attachment; filename="${safe}"`)
    .header("cache-control", "private, no-store")
    .send(body);
}

const operatorInvoiceParams = z.strictObject({
  organizationId: z.string().max(100),
  id: z.string().max(100),
});

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
    "/invoices/export.csv",
    {
      schema: {
        tags: ["invoices"],
        summary: "Invoices issued from `from` to `to` (UTC days, both included) as CSV (admin, billing)",
        operationId: "exportInvoicesCsv",
        querystring: invoiceExportQuery,
        response: {
          200: {
            description: "One row per invoice (text/csv)",
            content: { "text/csv": { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const { csv, filename } = await exportInvoicesCsv(deps, callerOf(request), request.query);
      return sendAttachment(reply, csv, "text/csv; charset=utf-8", filename);
    },
  );
  api.get(
    "/invoices/:id",
    {
      schema: {
        tags: ["invoices"],
        summary: "One invoice: lines, seller, bill-to, tax, status and payments (admin, billing)",
        operationId: "getInvoice",
        params: idParams,
        response: { 200: invoiceResponse, ...errorResponses(404) },
      },
    },
    async (request) => getInvoice(deps, callerOf(request), request.params.id),
  );
  for (const [path, operationId, what, render] of [
    [
      "/invoices/:id/pdf",
      "getInvoicePdf",
      "The invoice as a PDF (application/pdf) with the fields of Article 226",
      getInvoicePdf,
    ],
    [
      "/credit-notes/:id/pdf",
      "getCreditNotePdf",
      "The credit note as a PDF (application/pdf)",
      getCreditNotePdf,
    ],
  ] as const) {
    api.get(
      path,
      {
        schema: {
          tags: ["invoices"],
          summary: `${what} (admin, billing)`,
          operationId,
          params: idParams,
          response: {
            200: {
              description: "The document (application/pdf)",
              content: { "application/pdf": { schema: z.string().meta({ format: "binary" }) } },
            },
            ...errorResponses(404),
          },
        },
      },
      async (request, reply) => {
        const { pdf, filename } = await render(deps, callerOf(request), request.params.id);
        return sendAttachment(reply, pdf, "application/pdf", filename);
      },
    );
  }
  api.get(
    "/credit-notes",
    {
      schema: {
        tags: ["invoices"],
        summary: "Credit notes, newest first (admin, billing)",
        operationId: "listCreditNotes",
        querystring: pageQuery,
        response: { 200: creditNotePageResponse },
      },
    },
    async (request) => getCreditNotes(deps, callerOf(request), request.query),
  );
  api.get(
    "/credit-notes/:id",
    {
      schema: {
        tags: ["invoices"],
        summary: "One credit note and the invoice it credits (admin, billing)",
        operationId: "getCreditNote",
        params: idParams,
        response: { 200: creditNoteResponse, ...errorResponses(404) },
      },
    },
    async (request) => getCreditNote(deps, callerOf(request), request.params.id),
  );
  api.get(
    "/account-credit/history",
    {
      schema: {
        tags: ["invoices"],
        summary:
          "Every movement of the account credit (credit notes in, invoices out) with the balance after each, newest first; pass nextCursor as `before` for the next page (admin, billing)",
        operationId: "listAccountCreditHistory",
        querystring: pageQuery,
        response: { 200: accountCreditHistoryResponse, ...errorResponses(404) },
      },
    },
    async (request) => getAccountCreditHistory(deps, callerOf(request), request.query),
  );
  api.get(
    "/account-credit/history.csv",
    {
      schema: {
        tags: ["invoices"],
        summary: "The account credit history as CSV, oldest first (admin, billing)",
        operationId: "exportAccountCreditHistoryCsv",
        response: {
          200: {
            description: "One row per movement (text/csv)",
            content: { "text/csv": { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const { csv, filename } = await exportAccountCreditCsv(deps, callerOf(request));
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("cache-control", "private, no-store")
        .send(csv);
    },
  );
  api.get(
    "/seller",
    {
      schema: {
        tags: ["operator"],
        summary: "The seller profile on invoices (SELLER_FILE) and the VAT rates in force (operator)",
        operationId: "getSellerProfile",
        response: { 200: sellerProfileResponse },
      },
    },
    async (request) => getSellerProfile(deps, callerOf(request)),
  );
  api.post(
    "/organizations/:organizationId/invoices/:id/payments",
    {
      schema: {
        tags: ["operator"],
        summary: "Record a payment against an invoice; partial payments allowed (operator)",
        params: operatorInvoiceParams,
        operationId: "recordInvoicePayment",
        body: recordPaymentBody,
        response: { 201: recordPaymentResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        "operator",
        (tx, caller) =>
          recordPayment(tx, deps, caller, request.params.organizationId, request.params.id, request.body),
        201,
      ),
  );
  api.post(
    "/organizations/:organizationId/invoices/:id/credit-notes",
    {
      schema: {
        tags: ["operator"],
        summary: "Issue a credit note: void the invoice, or credit part of it (operator)",
        params: operatorInvoiceParams,
        operationId: "issueCreditNote",
        body: issueCreditNoteBody,
        response: { 201: issueCreditNoteResponse, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      mutate(
        deps,
        request,
        reply,
        "operator",
        (tx, caller) =>
          issueCreditNote(tx, deps, caller, request.params.organizationId, request.params.id, request.body),
        201,
      ),
  );
}
