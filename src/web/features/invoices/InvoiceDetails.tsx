import type { Invoice } from "../../lib/api.js";
import { date, money } from "../../lib/format.js";

const kindNames: Record<string, string> = {
  change: "Subscription change",
  renewal: "Renewal",
  initial: "New subscription",
};

export const invoiceKind = (kind: string) => kindNames[kind] ?? kind.replaceAll("_", " ");

/** An invoice's lines, the account credit applied and the total, as the customer is billed. */
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
          Invoice #{invoice.number}
        </Heading>
        <p className="muted">
          {invoiceKind(invoice.kind)} · issued {date(invoice.issuedAt)}
        </p>
      </header>
      <div className="table-scroll">
        <table className="table invoice-lines table-stack">
          <caption className="visually-hidden">Lines of invoice #{invoice.number}</caption>
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
            <tr className="total-row">
              <th scope="row" colSpan={4}>
                {invoice.total < 0 ? "Total (credited to your account)" : "Total"}
              </th>
              <td className="num" data-testid="invoice-total">
                {money(invoice.total, currency)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
