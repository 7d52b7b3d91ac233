import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../../context.js";
import { downloadRoute, mutationRoute, readRoute } from "../../http/route-kinds.js";
import { idParams } from "../../validation/ids.js";
import { pageQuery } from "../../validation/pagination.js";
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

const operatorInvoiceParams = z.strictObject({
  organizationId: z.string().max(100),
  id: z.string().max(100),
});

const tags = ["invoices"];

export async function invoiceRoutes(app: FastifyInstance, deps: AppDeps) {
  readRoute(
    app,
    "/invoices",
    {
      tags,
      operationId: "listInvoices",
      summary: "Invoices, newest first; pass nextCursor as `before` for the next page (admin, billing)",
      querystring: pageQuery,
      response: invoicePageResponse,
    },
    ({ caller, query }) => getInvoices(deps, caller, query),
  );
  downloadRoute(
    app,
    "/invoices/export.csv",
    {
      tags,
      operationId: "exportInvoicesCsv",
      summary: "Invoices issued from `from` to `to` (UTC days, both included) as CSV (admin, billing)",
      querystring: invoiceExportQuery,
      file: "csv",
      contents: "One row per invoice (text/csv)",
    },
    ({ caller, query }) => exportInvoicesCsv(deps, caller, query),
  );
  readRoute(
    app,
    "/invoices/:id",
    {
      tags,
      operationId: "getInvoice",
      summary: "One invoice: lines, seller, bill-to, tax, status and payments (admin, billing)",
      params: idParams,
      response: invoiceResponse,
      errors: [404],
    },
    ({ caller, params }) => getInvoice(deps, caller, params.id),
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
    downloadRoute(
      app,
      path,
      {
        tags,
        operationId,
        summary: `${what} (admin, billing)`,
        params: idParams,
        file: "pdf",
        contents: "The document (application/pdf)",
        errors: [404],
      },
      ({ caller, params }) => render(deps, caller, params.id),
    );
  }
  readRoute(
    app,
    "/credit-notes",
    {
      tags,
      operationId: "listCreditNotes",
      summary: "Credit notes, newest first (admin, billing)",
      querystring: pageQuery,
      response: creditNotePageResponse,
    },
    ({ caller, query }) => getCreditNotes(deps, caller, query),
  );
  readRoute(
    app,
    "/credit-notes/:id",
    {
      tags,
      operationId: "getCreditNote",
      summary: "One credit note and the invoice it credits (admin, billing)",
      params: idParams,
      response: creditNoteResponse,
      errors: [404],
    },
    ({ caller, params }) => getCreditNote(deps, caller, params.id),
  );
  readRoute(
    app,
    "/account-credit/history",
    {
      tags,
      operationId: "listAccountCreditHistory",
      summary:
        "Every movement of the account credit (credit notes in, invoices out) with the balance after each, newest first; pass nextCursor as `before` for the next page (admin, billing)",
      querystring: pageQuery,
      response: accountCreditHistoryResponse,
      errors: [404],
    },
    ({ caller, query }) => getAccountCreditHistory(deps, caller, query),
  );
  downloadRoute(
    app,
    "/account-credit/history.csv",
    {
      tags,
      operationId: "exportAccountCreditHistoryCsv",
      summary: "The account credit history as CSV, oldest first (admin, billing)",
      file: "csv",
      contents: "One row per movement (text/csv)",
    },
    ({ caller }) => exportAccountCreditCsv(deps, caller),
  );
  readRoute(
    app,
    "/seller",
    {
      tags: ["operator"],
      operationId: "getSellerProfile",
      summary: "The seller profile on invoices (SELLER_FILE) and the VAT rates in force (operator)",
      response: sellerProfileResponse,
    },
    ({ caller }) => getSellerProfile(deps, caller),
  );
  const operator = { tags: ["operator"], access: "operator", params: operatorInvoiceParams } as const;
  mutationRoute(
    app,
    deps,
    "POST /organizations/:organizationId/invoices/:id/payments",
    {
      ...operator,
      operationId: "recordInvoicePayment",
      summary: "Record a payment against an invoice; partial payments allowed (operator)",
      body: recordPaymentBody,
      response: recordPaymentResponse,
      status: 201,
      errors: [404, 409, 422],
    },
    (tx, { caller, params, body }) => recordPayment(tx, deps, caller, params.organizationId, params.id, body),
  );
  mutationRoute(
    app,
    deps,
    "POST /organizations/:organizationId/invoices/:id/credit-notes",
    {
      ...operator,
      operationId: "issueCreditNote",
      summary: "Issue a credit note: void the invoice, or credit part of it (operator)",
      body: issueCreditNoteBody,
      response: issueCreditNoteResponse,
      status: 201,
      errors: [404, 409, 422],
    },
    (tx, { caller, params, body }) =>
      issueCreditNote(tx, deps, caller, params.organizationId, params.id, body),
  );
}
