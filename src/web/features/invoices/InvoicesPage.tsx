import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorState, Loading } from "../../components/ui.js";
import type { Invoice, Page } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { date, money } from "../../lib/format.js";
import { keys } from "../../lib/queries.js";
import { Link } from "../../lib/router.js";
import { CreditHistory } from "./CreditHistory.js";
import { DownloadPdf, InvoiceStatus, invoiceKind } from "./InvoiceDetails.js";

/** The accountant's export: every invoice issued between two days (UTC), as CSV. */
function CsvExport() {
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const valid = from !== "" && to !== "" && from <= to;
  return (
    <form
      className="csv-export"
      data-testid="csv-export"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) window.location.assign(`/api/v1/invoices/export.csv?from=${from}&to=${to}`);
      }}
    >
      <label>
        From <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
      </label>
      <label>
        To <input type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
      </label>
      <button type="submit" className="button" disabled={!valid}>
        Export CSV
      </button>
      {!valid ? <span className="small muted">The start must not be after the end.</span> : null}
    </form>
  );
}

export default function InvoicesPage() {
  const invoices = useInfiniteQuery({
    queryKey: keys.invoices,
    queryFn: ({ pageParam }) =>
      api.get<Page<Invoice>>(`/invoices?limit=20${pageParam ? `&before=${pageParam}` : ""}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = invoices.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <span>Settings</span> / <span>Invoices</span>
        </p>
        <h1>Invoices</h1>
        <p className="lead">Every charge, with its VAT, due date and status; download each as a PDF.</p>
        <CsvExport />
      </header>
      {invoices.isPending ? (
        <Loading label="Loading invoices…" />
      ) : invoices.isError ? (
        <ErrorState
          error={invoices.error}
          title="Invoices could not be loaded"
          onRetry={() => invoices.refetch()}
        />
      ) : rows.length === 0 ? (
        <p className="muted">No invoices yet.</p>
      ) : (
        <div className="card">
          <div className="table-scroll">
            <table className="table table-stack stack-4" data-testid="invoice-list">
              <caption className="visually-hidden">Invoices, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Issued</th>
                  <th scope="col" className="hide-narrow">
                    Type
                  </th>
                  <th scope="col" className="hide-narrow">
                    Due
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">PDF</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((invoice) => (
                  <tr key={invoice.id} data-testid="invoice-row">
                    <td>
                      <Link href={`/settings/invoices/${invoice.id}`}>{invoice.displayNumber}</Link>
                    </td>
                    <td className="nowrap">{date(invoice.issuedAt)}</td>
                    <td className="hide-narrow">{invoiceKind(invoice.kind)}</td>
                    <td className="nowrap hide-narrow">{invoice.dueAt ? date(invoice.dueAt) : ""}</td>
                    <td>
                      <InvoiceStatus invoice={invoice} />
                    </td>
                    <td className="num" data-testid="invoice-row-total">
                      {money(invoice.total, invoice.currency)}
                    </td>
                    <td>
                      <DownloadPdf invoice={invoice} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {invoices.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => invoices.fetchNextPage()}
              disabled={invoices.isFetchingNextPage}
            >
              {invoices.isFetchingNextPage ? "Loading…" : "Show older invoices"}
            </button>
          ) : null}
        </div>
      )}
      {invoices.isError ? null : <CreditHistory />}
    </div>
  );
}
