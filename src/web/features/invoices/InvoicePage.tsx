import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState } from "../../components/QueryState.js";
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
      <PageHeader
        title={invoice.data ? `Invoice ${invoice.data.displayNumber}` : "Invoice"}
        crumb={<Link href="/settings/invoices">Invoices</Link>}
      />
      <QueryState query={invoice} loading="Loading the invoice…" failed="The invoice could not be loaded">
        {(data) => (
          <div className="card">
            <InvoiceDetails invoice={data} headingLevel={2} titleHidden />
          </div>
        )}
      </QueryState>
    </div>
  );
}
