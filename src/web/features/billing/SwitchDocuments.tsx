import type { LineKind } from "../../../core/invoice.js";
import { isCreditedLine } from "../../../core/switch-credit-note.js";
import { money } from "../../lib/format.js";
import type { PreviewFigures, QuoteDocuments } from "./plan.js";

type TaxOf = QuoteDocuments["invoice"]["tax"];

function TaxRows(props: { tax: TaxOf; currency: string; testId: string }) {
  return props.tax.lines.map((line) => (
    <tr key={`${line.country}:${line.rate}`} data-testid={props.testId}>
      <td>
        VAT {line.rate}% ({line.country})
      </td>
      <td className="num">{money(line.amount, props.currency)}</td>
    </tr>
  ));
}

/**
 * A change whose unused time exceeds its charges, as the two documents the server issues
 * (decision 0074): the invoice for the charges, and the credit note for the unused time that
 * pays it and adds the rest to account credit. Every figure is the quote's; none is computed here.
 */
export function SwitchDocuments(props: { figures: PreviewFigures; documents: QuoteDocuments }) {
  const { figures, documents } = props;
  const { invoice, creditNote } = documents;
  const currency = figures.currency;
  // Which of the quote's lines the invoice carries: the core's own rule (unused time is credited).
  const charges = figures.lines.filter((line) => !isCreditedLine({ kind: line.kind as LineKind }));
  return (
    <div className="switch-documents" data-testid="switch-documents">
      <h4 className="document-title" data-testid="document-invoice-title">
        Invoice: {money(invoice.total, currency)}
      </h4>
      <table className="table preview-lines" data-testid="document-invoice">
        <caption className="visually-hidden">Invoice for the charges</caption>
        <tbody>
          {charges.map((line) => (
            <tr key={`${line.kind}:${line.description}`} data-testid="document-invoice-line">
              <td>{line.description}</td>
              <td className="num">{money(line.amount, currency)}</td>
            </tr>
          ))}
          <TaxRows tax={invoice.tax} currency={currency} testId="document-invoice-tax" />
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th scope="row">Invoice total</th>
            <td className="num" data-testid="document-invoice-total">
              {money(invoice.total, currency)}
            </td>
          </tr>
        </tfoot>
      </table>

      <h4 className="document-title" data-testid="document-credit-note-title">
        Credit note: {money(creditNote.total, currency)} (to your account credit)
      </h4>
      <table className="table preview-lines" data-testid="document-credit-note">
        <caption className="visually-hidden">Credit note for the unused time</caption>
        <tbody>
          {creditNote.lines.map((line) => (
            <tr key={line.description} data-testid="document-credit-note-line">
              <td>{line.description}</td>
              <td className="num">{money(line.amount, currency)}</td>
            </tr>
          ))}
          <TaxRows tax={creditNote.tax} currency={currency} testId="document-credit-note-tax" />
          <tr className="subtotal-row">
            <th scope="row">Credit note total</th>
            <td className="num" data-testid="document-credit-note-total">
              {money(creditNote.total, currency)}
            </td>
          </tr>
          <tr>
            <td>Pays the invoice in full</td>
            <td className="num" data-testid="document-credit-note-settles">
              {money(invoice.total, currency)}
            </td>
          </tr>
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th scope="row">Added to your account credit</th>
            <td className="num" data-testid="due-today-total">
              {money(creditNote.accountCredit, currency)}
            </td>
          </tr>
        </tfoot>
      </table>
      {creditNote.tax.mention ? (
        <p className="small muted" data-testid="preview-tax-mention">
          {creditNote.tax.mention}
        </p>
      ) : null}
      <p className="small muted">
        Account credit is applied to your next invoices before anything is charged.
      </p>
    </div>
  );
}
