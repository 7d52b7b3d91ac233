import { useRef } from "react";
import { daysLeft } from "../../../core/period.js";
import { count, date, money, perInterval, plural } from "../../lib/format.js";
import { chargesVat, type PreviewFigures } from "./plan.js";
import { SwitchDocuments } from "./SwitchDocuments.js";

/**
 * The cost of the change: the lines due today, account credit applied, the total due today and
 * the new recurring total. Drawn from the local core on every move, then from the server's quote.
 */
export function CostPreview(props: {
  figures: PreviewFigures | null;
  status: "estimate" | "checking" | "confirmed" | "unavailable";
  periodStart: string;
  periodEnd: string;
  now: Date | null;
  creditsPerBlock: number;
}) {
  const { figures } = props;
  // One calm sentence while the figures are being checked or once they are (the server checks the
  // price again before anything is charged); only a failure to check says something else.
  const statusText =
    props.status === "unavailable"
      ? "We couldn't check this price just now. It is checked again before anything is charged."
      : "Prices as of today. Checked again before anything is charged.";
  // What a screen reader hears once the figures settle (not on every key press): the new cost.
  const announcement = useRef("");
  if (props.status === "confirmed" && figures) {
    announcement.current =
      figures.violations.length > 0
        ? "This change cannot be made as it stands."
        : !figures.changed
          ? "No change."
          : `${figures.total < 0 ? "Added to your account credit" : "Total due today"} ${money(Math.abs(figures.total), figures.currency)}, then ${money(figures.scheduled?.recurringTotal ?? figures.recurring.total, figures.currency)} / ${perInterval(figures.recurring.interval)}.`;
  }
  const left = props.now
    ? daysLeft({ start: new Date(props.periodStart), end: new Date(props.periodEnd) }, props.now)
    : null;
  const prorated = new Set(["seats_added", "seats_unused", "credit_blocks_unused"]);
  return (
    <section className="cost-preview" aria-labelledby="cost-preview-title" data-testid="cost-preview">
      <div className="cost-preview-head">
        <h3 id="cost-preview-title">Cost preview</h3>
        <p
          className={`preview-status ${props.status === "unavailable" ? "preview-unavailable" : ""}`}
          data-testid="preview-status"
          data-status={props.status}
        >
          {statusText}
        </p>
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="preview-announcement">
        {announcement.current}
      </p>
      {!figures ? (
        <p className="muted" role="status">
          Calculating…
        </p>
      ) : figures.violations.length > 0 ? (
        <p className="muted" data-testid="preview-blocked">
          This change cannot be made as it stands: see the message next to the setting.
        </p>
      ) : !figures.changed ? (
        <p className="muted" data-testid="no-change">
          Make a change above to see what it costs. Your plan renews at{" "}
          <strong>
            {money(figures.recurring.total, figures.currency)} / {perInterval(figures.recurring.interval)}
          </strong>{" "}
          on {date(props.periodEnd)}.
        </p>
      ) : (
        <>
          <p className="preview-summary" data-testid="preview-summary">
            {figures.lines.length === 0 && figures.total === 0
              ? "No charge today."
              : figures.total < 0
                ? `Nothing due today: ${money(-figures.total, figures.currency)} added to your account credit.`
                : `${money(figures.total, figures.currency)} due today.`}
            {figures.scheduled
              ? ` From ${date(figures.scheduled.effectiveAt)}: ${money(figures.scheduled.recurringTotal, figures.currency)} / ${perInterval(figures.recurring.interval)}.`
              : ""}
          </p>
          {figures.documents ? (
            <SwitchDocuments figures={figures} documents={figures.documents} />
          ) : (
            <>
              <h4 className="preview-subhead">Due today</h4>
              <table className="table preview-lines" data-testid="preview-lines">
                <caption className="visually-hidden">Lines due today</caption>
                <tbody>
                  {figures.lines.map((line) => (
                    <tr
                      key={`${line.kind}:${line.description}`}
                      data-testid="preview-line"
                      data-kind={line.kind}
                    >
                      <td>
                        {line.description}
                        {left && prorated.has(line.kind) ? (
                          <span className="line-note" data-testid="days-left">
                            {count(left.left)} of {plural(left.total, "day")} left in this period
                          </span>
                        ) : null}
                      </td>
                      <td className="num" data-testid="preview-line-amount">
                        {money(line.amount, figures.currency)}
                      </td>
                    </tr>
                  ))}
                  {figures.lines.length === 0 ? (
                    <tr>
                      <td colSpan={2} className="muted">
                        Nothing is charged or refunded today.
                      </td>
                    </tr>
                  ) : null}
                  {figures.creditApplied > 0 ? (
                    <tr data-testid="preview-credit-applied-row">
                      <td>Account credit applied</td>
                      <td className="num" data-testid="preview-credit-applied">
                        {money(-figures.creditApplied, figures.currency)}
                      </td>
                    </tr>
                  ) : null}
                  {figures.tax.lines.map((line) => (
                    <tr key={`${line.country}:${line.rate}`} data-testid="preview-tax-row">
                      <td>
                        VAT {line.rate}% ({line.country})
                      </td>
                      <td className="num" data-testid="preview-tax">
                        {money(line.amount, figures.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total-row">
                    <th scope="row">
                      {figures.total < 0 ? "Added to your account credit" : "Total due today"}
                    </th>
                    <td className="num" data-testid="due-today-total">
                      {money(Math.abs(figures.total), figures.currency)}
                    </td>
                  </tr>
                </tfoot>
              </table>
              {figures.tax.mention && figures.lines.length > 0 ? (
                <p className="small muted" data-testid="preview-tax-mention">
                  {figures.tax.mention}
                </p>
              ) : null}
              {figures.total < 0 ? (
                <p className="muted">
                  The unused time becomes account credit, applied to your next invoices.
                </p>
              ) : null}
            </>
          )}
          {figures.creditsGranted.seats + figures.creditsGranted.blocks > 0 ? (
            <p className="muted" data-testid="preview-credits-granted">
              {count(figures.creditsGranted.seats + figures.creditsGranted.blocks)} AI credits added today
              {figures.creditsGranted.seats > 0 && !figures.restartsPeriod
                ? ` (the added seats' credits prorated for the rest of this credit cycle${figures.creditsGranted.blocks > 0 ? `, ${count(figures.creditsGranted.blocks)} from credit blocks` : ""})`
                : ""}
              .
            </p>
          ) : null}
          {figures.scheduled ? (
            <section className="preview-scheduled" data-testid="preview-scheduled">
              <h4 className="preview-subhead">At the renewal on {date(figures.scheduled.effectiveAt)}</h4>
              <p className="muted">
                {plural(figures.scheduled.seats, "seat")} and{" "}
                {count(figures.scheduled.additionalCreditBlocks * props.creditsPerBlock)} additional credits
                from then on. Until then your seats and credits stay usable; nothing is refunded.
              </p>
            </section>
          ) : null}
          <dl className="preview-recurring">
            <div>
              <dt>
                {figures.scheduled ? `From ${date(figures.scheduled.effectiveAt)}` : "New recurring total"}
              </dt>
              <dd data-testid="recurring-total">
                {money(figures.recurring.total, figures.currency)} / {perInterval(figures.recurring.interval)}
                {chargesVat(figures) ? " excl. VAT" : ""}
              </dd>
            </div>
            <div>
              <dt>{figures.restartsPeriod ? "New period renews on" : "Next renewal"}</dt>
              <dd>{date(figures.nextPeriodEnd)}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
