import { useInfiniteQuery } from "@tanstack/react-query";
import { ErrorState, Loading } from "../../components/ui.js";
import type { Invoice, Page } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { date, money } from "../../lib/format.js";
import { keys } from "../../lib/queries.js";
import { Link } from "../../lib/router.js";
import { invoiceKind } from "./InvoiceDetails.js";

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
        <p className="lead">Every charge and credit, with its lines, account credit applied and total.</p>
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
            <table className="table table-stack stack-3" data-testid="invoice-list">
              <caption className="visually-hidden">Invoices, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Issued</th>
                  <th scope="col" className="hide-narrow">
                    Type
                  </th>
                  <th scope="col" className="num hide-narrow">
                    Credit applied
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((invoice) => (
                  <tr key={invoice.id} data-testid="invoice-row">
                    <td>
                      <Link href={`/settings/invoices/${invoice.id}`}>#{invoice.number}</Link>
                    </td>
                    <td className="nowrap">{date(invoice.issuedAt)}</td>
                    <td className="hide-narrow">{invoiceKind(invoice.kind)}</td>
                    <td className="num hide-narrow">{money(invoice.creditApplied, invoice.currency)}</td>
                    <td className="num" data-testid="invoice-row-total">
                      {money(invoice.total, invoice.currency)}
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
    </div>
  );
}
