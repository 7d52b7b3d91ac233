import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { callerOf, mutate } from "../../http/mutate.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
import {
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
  exportInvoicesCsv,
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

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  // The number is the seller's prefix and digits; anything else is left out of the header.
  const safe = filename.replace(/[^\w.-]/g, "_");
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `attachment; filename="${safe}"`)
    .header("cache-control", "private, no-store")
    .send(pdf);
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
        querystring: invoiceExportQuery,
      },
    },
    async (request, reply) => {
      const { csv, filename } = await exportInvoicesCsv(deps, callerOf(request), request.query);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .header("cache-control", "private, no-store")
        .send(csv);
    },
  );
  api.get(
    "/invoices/:id",
    {
      schema: {
        tags: ["invoices"],
        summary: "One invoice: lines, seller, bill-to, tax, status and payments (admin, billing)",
        params: idParams,
        response: { 200: invoiceResponse },
      },
    },
    async (request) => getInvoice(deps, callerOf(request), request.params.id),
  );
  for (const [path, what, render] of [
    [
      "/invoices/:id/pdf",
      "The invoice as a PDF (application/pdf) with the fields of Article 226",
      getInvoicePdf,
    ],
    ["/credit-notes/:id/pdf", "The credit note as a PDF (application/pdf)", getCreditNotePdf],
  ] as const) {
    api.get(
      path,
      { schema: { tags: ["invoices"], summary: `${what} (admin, billing)`, params: idParams } },
      async (request, reply) => {
        const { pdf, filename } = await render(deps, callerOf(request), request.params.id);
        return sendPdf(reply, pdf, filename);
      },
    );
  }
  api.get(
    "/credit-notes",
    {
      schema: {
        tags: ["invoices"],
        summary: "Credit notes, newest first (admin, billing)",
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
        params: idParams,
        response: { 200: creditNoteResponse },
      },
    },
    async (request) => getCreditNote(deps, callerOf(request), request.params.id),
  );
  api.get(
    "/seller",
    {
      schema: {
        tags: ["operator"],
        summary: "The seller profile on invoices (SELLER_FILE) and the VAT rates in force (operator)",
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
        body: recordPaymentBody,
        response: { 201: recordPaymentResponse },
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
        body: issueCreditNoteBody,
        response: { 201: issueCreditNoteResponse },
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
