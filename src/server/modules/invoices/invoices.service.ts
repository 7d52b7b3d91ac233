import type { AppDeps, Caller } from "../../context.js";
import { notFound } from "../../errors.js";
import { existingId } from "../../validation/ids.js";
import { defaultPageSize, type PageQuery, pageOf } from "../../validation/pagination.js";
import { authorize } from "../auth/principal.js";
import { findInvoice, listInvoices } from "./invoices.repository.js";

/** Newest first; the cursor is the invoice number. */
export async function getInvoices(deps: AppDeps, caller: Caller, query: PageQuery) {
  const principal = authorize(caller.principal, "invoices.read");
  const limit = query.limit ?? defaultPageSize;
  const rows = await listInvoices(deps.db, principal.organizationId, {
    limit: limit + 1,
    beforeNumber: query.before,
  });
  return pageOf(
    rows,
    limit,
    (invoice) => invoice.number,
    (invoice) => invoice,
  );
}

export async function getInvoice(deps: AppDeps, caller: Caller, id: string) {
  const principal = authorize(caller.principal, "invoices.read");
  const invoice = await findInvoice(deps.db, principal.organizationId, existingId(id, "The invoice"));
  if (!invoice) throw notFound("The invoice");
  return invoice;
}
