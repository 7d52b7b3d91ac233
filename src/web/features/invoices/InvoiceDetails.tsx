import type { Address, Invoice } from "../../lib/api.js";
import { countryName, date, money } from "../../lib/format.js";

const kindNames: Record<string, string> = {
  change: "Subscription change",
  renewal: "Renewal",
  initial: "New subscription",
};

export const invoiceKind = (kind: string) => kindNames[kind] ?? kind.replaceAll("_", " ");

/** Paid, Open, Overdue or Void, as a badge. */
export function InvoiceStatus({ invoice }: { invoice: Pick<Invoice, "status" | "overdue"> }) {
  const [label, tone] =
    invoice.status === "paid"
      ? ["Paid", "badge-approved"]
      : invoice.status === "void"
        ? ["Void", ""]
        : invoice.overdue
          ? ["Overdue", "badge-rejected"]
          : ["Open", "badge-pending"];
  return (
    <span className={`badge ${tone}`} data-testid="invoice-status">
      {label}
    </span>
  );
}

/** The PDF of an invoice: a plain link, the session cookie authenticates it. */
export function DownloadPdf({ invoice }: { invoice: Pick<Invoice, "id" | "displayNumber"> }) {
  return (
    <a
      className="button button-small"
      href={`/api/v1/invoices/${encodeURIComponent(invoice.id)}/pdf`}
      download={`invoice-${invoice.displayNumber}.pdf`}
      aria-label={`Download PDF of invoice ${invoice.displayNumber}`}
    >
      Download PDF
    </a>
  );
}

function addressLines(address: Address): string[] {
  const city = [address.postalCode, address.city, address.region].filter(Boolean).join(" ");
  return [address.line1, address.line2, city, address.country ? countryName(address.country) : null].filter(
    (line): line is string => Boolean(line),
  );
}

/**
 * An invoice as the customer is billed: seller and bill-to, the lines, account credit applied, the
 * VAT per rate and its legal mention, the total, and what is paid and still due.
 */
export function InvoiceDetails({
  invoice,
  headingLevel = 3,
  titleHidden = false,
}: {
  invoice: Invoice;
  headingLevel?: 2 | 3;
  /** On the invoice's own page the page heading already names it. */
  titleHidden?: boolean;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const currency = invoice.currency;
  return (
    <section className="invoice" aria-labelledby={`invoice-${invoice.id}-title`} data-testid="invoice">
      <header className="invoice-header">
        <Heading id={`invoice-${invoice.id}-title`} className={titleHidden ? "visually-hidden" : undefined}>
          Invoice {invoice.displayNumber}
        </Heading>
        <p className="muted">
          {invoiceKind(invoice.kind)} · issued {date(invoice.issuedAt)}
          {invoice.dueAt && invoice.status === "open" ? ` · due ${date(invoice.dueAt)}` : ""}{" "}
          <InvoiceStatus invoice={invoice} />
        </p>
        <DownloadPdf invoice={invoice} />
      </header>
      {invoice.seller || invoice.billTo ? (
        <div className="invoice-parties">
          {invoice.seller ? (
            <div data-testid="invoice-seller">
              <p className="small muted">From</p>
              <p>
                <strong>{invoice.seller.legalName}</strong>
              </p>
              {addressLines(invoice.seller.address).map((line) => (
                <p key={line}>{line}</p>
              ))}
              {invoice.seller.vatId ? <p>VAT ID {invoice.seller.vatId}</p> : null}
            </div>
          ) : null}
          {invoice.billTo ? (
            <div data-testid="invoice-bill-to">
              <p className="small muted">Bill to</p>
              <p>
                <strong>{invoice.billTo.companyName}</strong>
              </p>
              {addressLines(invoice.billTo.address).map((line) => (
                <p key={line}>{line}</p>
              ))}
              {invoice.billTo.taxId ? <p>Tax ID {invoice.billTo.taxId}</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="table-scroll">
        <table className="table invoice-lines table-stack">
          <caption className="visually-hidden">Lines of invoice {invoice.displayNumber}</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" className="hide-narrow">
                Service period
              </th>
              <th scope="col" className="num hide-narrow">
                Qty
              </th>
              <th scope="col" className="num hide-narrow">
                Unit price
              </th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={`${line.kind}:${line.description}`} data-testid="invoice-line">
                <td>
                  {line.description}
                  <span className="narrow-only muted small">
                    {date(line.periodStart)} – {date(line.periodEnd)}
                  </span>
                </td>
                <td className="nowrap hide-narrow">
                  {date(line.periodStart)} – {date(line.periodEnd)}
                </td>
                <td className="num hide-narrow">{line.quantity}</td>
                <td className="num hide-narrow">{money(line.unitAmount, currency)}</td>
                <td className="num" data-testid="invoice-line-amount">
                  {money(line.amount, currency)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Subtotal
              </th>
              <td className="num" data-testid="invoice-subtotal">
                {money(invoice.subtotal, currency)}
              </td>
            </tr>
            <tr>
              <th scope="row" colSpan={4}>
                Account credit applied
              </th>
              <td className="num" data-testid="invoice-credit-applied">
                {money(-invoice.creditApplied, currency)}
              </td>
            </tr>
            {invoice.tax.lines.map((line) => (
              <tr key={`${line.country}:${line.rate}`} data-testid="invoice-tax-line">
                <th scope="row" colSpan={4}>
                  VAT {line.rate}% ({line.country}) on {money(line.taxableAmount, currency)}
                </th>
                <td className="num">{money(line.amount, currency)}</td>
              </tr>
            ))}
            <tr className="total-row">
              <th scope="row" colSpan={4}>
                {invoice.total < 0 ? "Total (credited to your account)" : "Total"}
              </th>
              <td className="num" data-testid="invoice-total">
                {money(invoice.total, currency)}
              </td>
            </tr>
            {invoice.amountPaid > 0 ? (
              <tr>
                <th scope="row" colSpan={4}>
                  Paid
                </th>
                <td className="num">{money(-invoice.amountPaid, currency)}</td>
              </tr>
            ) : null}
            {invoice.status === "open" ? (
              <tr>
                <th scope="row" colSpan={4}>
                  Amount due{invoice.dueAt ? ` by ${date(invoice.dueAt)}` : ""}
                </th>
                <td className="num" data-testid="invoice-amount-due">
                  {money(invoice.amountDue, currency)}
                </td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </div>
      {invoice.tax.mention ? (
        <p className="small" data-testid="invoice-tax-mention">
          {invoice.tax.mention}
        </p>
      ) : null}
    </section>
  );
}
