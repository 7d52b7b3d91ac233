import { useQuery } from "@tanstack/react-query";
import { ErrorState, Loading } from "../../components/ui.js";
import type { Invoice } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { keys } from "../../lib/queries.js";
import { Link } from "../../lib/router.js";
import { InvoiceDetails } from "./InvoiceDetails.js";

export default function InvoicePage({ id }: { id: string }) {
  const invoice = useQuery({
    queryKey: keys.invoice(id),
    queryFn: () => api.get<Invoice>(`/invoices/${encodeURIComponent(id)}`),
  });
  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <span>Settings</span> / <Link href="/settings/invoices">Invoices</Link>
        </p>
        <h1>{invoice.data ? `Invoice ${invoice.data.displayNumber}` : "Invoice"}</h1>
      </header>
      {invoice.isPending ? (
        <Loading label="Loading the invoice…" />
      ) : invoice.isError ? (
        <ErrorState
          error={invoice.error}
          title="The invoice could not be loaded"
          onRetry={() => invoice.refetch()}
        />
      ) : (
        <div className="card">
          <InvoiceDetails invoice={invoice.data} headingLevel={2} titleHidden />
        </div>
      )}
    </div>
  );
}
