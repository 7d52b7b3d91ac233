import type { Catalog } from "../../../../core/catalog.js";
import { Notice } from "../../../components/ui.js";
import type { AppliedChange, ChangeRequest, Quote } from "../../../lib/api.js";
import { count, date, dueToday, intervalName, money, perInterval } from "../../../lib/format.js";
import { Link } from "../../../lib/router.js";
import { InvoiceDetails } from "../../invoices/InvoiceDetails.js";
import { ChangeTable } from "../ChangeTable.js";

/** What a direct save changed, and its invoice. */
export function SavedView(props: {
  result: AppliedChange;
  quote: Quote;
  catalog: Catalog;
  onDone: () => void;
}) {
  const { subscription, invoice } = props.result;
  return (
    <div className="result" data-testid="save-result">
      <Notice tone="success" title="Your subscription is updated" role="status">
        {subscription.scheduled ? (
          <p>
            {count(subscription.seats)} seats ·{" "}
            {count(subscription.additionalCreditBlocks * props.catalog.creditsPerBlock)} additional credits ·{" "}
            {intervalName(subscription.interval)} until {date(subscription.scheduled.effectiveAt)}; from then
            on {count(subscription.scheduled.seats)} seats ·{" "}
            {count(subscription.scheduled.additionalCreditBlocks * props.catalog.creditsPerBlock)} additional
            credits at {money(subscription.recurring.total, subscription.currency)} /{" "}
            {perInterval(subscription.interval)}.
          </p>
        ) : (
          <p>
            {count(subscription.seats)} seats ·{" "}
            {count(subscription.additionalCreditBlocks * props.catalog.creditsPerBlock)} additional credits ·{" "}
            {intervalName(subscription.interval)}, renews {date(subscription.periodEnd)} at{" "}
            {money(subscription.recurring.total, subscription.currency)} /{" "}
            {perInterval(subscription.interval)}.
          </p>
        )}
      </Notice>
      {invoice ? (
        <>
          <p>
            <Link href={`/settings/invoices/${invoice.id}`} onClick={props.onDone}>
              View invoice {invoice.displayNumber}
            </Link>
          </p>
          <InvoiceDetails invoice={invoice} />
          {props.quote.documents ? (
            <p data-testid="saved-credit-note">
              A credit note for the unused time pays this invoice in full; the rest is added to your account
              credit, now {money(subscription.accountCredit, subscription.currency)}.
            </p>
          ) : null}
          {invoice.total !== (props.quote.documents?.invoice.total ?? props.quote.dueNow.total) ? (
            <p className="muted" data-testid="repriced-note">
              The invoice was priced at the moment of saving, a little after the preview.
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">Nothing is charged today.</p>
      )}
      <DoneFooter onDone={props.onDone} />
    </div>
  );
}

/** The result's way out: Done closes the dialog. */
function DoneFooter({ onDone }: { onDone: () => void }) {
  return (
    <div className="modal-footer">
      <button type="button" className="button button-primary" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

/** The request as submitted, for an administrator to review. */
export function SubmittedView(props: { request: ChangeRequest; catalog: Catalog; onDone: () => void }) {
  const { request } = props;
  const quote = request.quoteAtSubmission;
  return (
    <div className="result" data-testid="submit-result">
      <Notice tone="success" title="Request submitted" role="status">
        <p>An administrator will review your request. You will see the outcome on the Billing page.</p>
      </Notice>
      <ChangeTable
        request={request}
        creditsPerBlock={props.catalog.creditsPerBlock}
        caption="Requested change"
        sides={["Now", "Requested"]}
      />
      {quote ? (
        <p>
          Quoted at submission: <strong>{dueToday(quote.dueNow.total, quote.currency)}</strong> today, then{" "}
          {money(quote.recurring.total, quote.currency)} / {perInterval(quote.recurring.interval)}. The cost
          is re-priced when an administrator approves.
        </p>
      ) : null}
      <DoneFooter onDone={props.onDone} />
    </div>
  );
}
