import { useState } from "react";
import { DataTable, LoadMore } from "../../components/DataTable.js";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState } from "../../components/QueryState.js";
import type { Invoice, Page } from "../../lib/api.js";
import { date, money } from "../../lib/format.js";
import { keys } from "../../lib/queries.js";
import { Link } from "../../lib/router.js";
import { usePages } from "../../lib/usePages.js";
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

const columns = [
  "Number",
  "Issued",
  { label: "Type", className: "hide-narrow" },
  { label: "Due", className: "hide-narrow" },
  "Status",
  { label: "Total", className: "num" },
  { label: "PDF", hidden: true },
];

export default function InvoicesPage() {
  const { query: invoices, rows } = usePages<Page<Invoice>>({
    queryKey: keys.invoices,
    path: "/invoices?limit=20",
  });

  return (
    <div className="page">
      <PageHeader
        title="Invoices"
        lead="Every charge, with its VAT, due date and status; download each as a PDF."
      >
        <CsvExport />
      </PageHeader>
      <QueryState query={invoices} loading="Loading invoices…" failed="Invoices could not be loaded">
        {() =>
          rows.length === 0 ? (
            <p className="muted">No invoices yet.</p>
          ) : (
            <div className="card">
              <DataTable
                columns={columns}
                caption="Invoices, newest first"
                className="table table-stack stack-4"
                testId="invoice-list"
              >
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
              </DataTable>
              <LoadMore query={invoices} label="Show older invoices" />
            </div>
          )
        }
      </QueryState>
      {invoices.isError ? null : <CreditHistory />}
    </div>
  );
}
