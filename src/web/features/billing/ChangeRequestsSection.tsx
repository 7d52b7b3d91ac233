import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Modal } from "../../components/Modal.js";
import { QueryState } from "../../components/QueryState.js";
import { FormError, Loading, MessageText, Notice } from "../../components/ui.js";
import type { ChangeRequest, Decision, Me } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { date, dateTime, dueToday, money, perInterval } from "../../lib/format.js";
import { keys, useChangeRequestQuote, useChangeRequests } from "../../lib/queries.js";
import { Link } from "../../lib/router.js";
import { useBillingAction } from "../../lib/useBillingAction.js";
import { ChangeTable } from "./ChangeTable.js";
import { changeSentence, scheduledSuffix } from "./changeSummary.js";

const statusNames = {
  pending: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

/** For admins: the setting, the pending request with its cost if approved now, and the history. */
export function ChangeRequestsSection({ me, creditsPerBlock }: { me: Me; creditsPerBlock: number }) {
  const requests = useChangeRequests(undefined);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // After a decision the card that had the focus is gone: the focus moves to the outcome.
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!outcome) return;
    // After the Reject dialog has closed and handed the focus back.
    const timer = window.setTimeout(() => outcomeRef.current?.focus(), 0);
    return () => window.clearTimeout(timer);
  }, [outcome]);
  const pending = requests.data?.data.filter((request) => request.status === "pending") ?? [];
  const history = requests.data?.data.filter((request) => request.status !== "pending") ?? [];

  return (
    <section
      className="card section focus-target"
      id="change-requests"
      tabIndex={-1}
      aria-labelledby="change-requests-title"
    >
      <div className="section-head">
        <div>
          <h2 id="change-requests-title">Change Requests</h2>
          <p className="muted">Some organizations require approval for subscription changes.</p>
        </div>
        <ApprovalSetting me={me} />
      </div>
      <div ref={outcomeRef} tabIndex={-1} className="focus-target">
        {outcome ? (
          <Notice
            tone={outcome.approved ? "success" : "info"}
            title={outcome.approved ? "Request approved" : "Request rejected"}
            role="status"
            testId="decision-outcome"
          >
            <p>{outcome.text}</p>
          </Notice>
        ) : null}
      </div>
      <QueryState
        query={requests}
        loading="Loading change requests…"
        failed="Change requests could not be loaded"
      >
        {() => (
          <>
            <h3 className="subheading">Pending</h3>
            {pending.length === 0 ? (
              <p className="muted" data-testid="no-pending-requests">
                No requests are waiting for review.
              </p>
            ) : (
              pending.map((request) => (
                <PendingRequestCard
                  key={request.id}
                  request={request}
                  creditsPerBlock={creditsPerBlock}
                  onDecided={setOutcome}
                />
              ))
            )}
            <h3 className="subheading">History</h3>
            {history.length === 0 ? (
              <p className="muted">No decided requests yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="table table-stack" data-testid="change-request-history">
                  <caption className="visually-hidden">Decided change requests</caption>
                  <thead>
                    <tr>
                      <th scope="col">Requested</th>
                      <th scope="col">Change</th>
                      <th scope="col">Status</th>
                      <th scope="col">Decided</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.map((request) => (
                      <tr key={request.id} data-testid="history-row" data-status={request.status}>
                        <td>
                          {request.requestedBy?.name ?? "—"}
                          <br />
                          <span className="muted">{dateTime(request.requestedAt)}</span>
                        </td>
                        <td>
                          {changeSentence(request.current, request.requested, creditsPerBlock)}
                          {scheduledSuffix(request)}
                        </td>
                        <td>
                          <span className={`badge badge-${request.status}`}>
                            {statusNames[request.status]}
                          </span>
                          {request.reason ? <div className="muted">“{request.reason}”</div> : null}
                        </td>
                        <td>
                          {request.decidedBy?.name ??
                            (request.status === "withdrawn" ? request.requestedBy?.name : "—")}
                          {request.decidedAt ? (
                            <>
                              <br />
                              <span className="muted">{dateTime(request.decidedAt)}</span>
                            </>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}

function ApprovalSetting({ me }: { me: Me }) {
  const client = useQueryClient();
  const [saving, setSaving] = useState<boolean | null>(null);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  // Shows the new position at once while it is saved; the server's answer settles it.
  const checked = saving ?? me.organization.requireApproval;
  const toggle = async () => {
    const next = !checked;
    setSaving(next);
    setError(undefined);
    setSaved(undefined);
    try {
      await api.patch("/organization/settings", { requireApproval: next });
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.me }),
        client.invalidateQueries({ queryKey: keys.subscription }),
      ]);
      setSaved(
        next
          ? "Saved. Billing members now submit subscription changes for an admin to approve."
          : "Saved. Billing members now change the subscription directly, without approval.",
      );
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "The setting was not saved.");
    } finally {
      setSaving(null);
    }
  };
  return (
    <div className="setting">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={checked}
          checked={checked}
          onChange={toggle}
          disabled={saving !== null}
          aria-describedby="approval-hint"
        />
        <span className="switch-track" aria-hidden="true" />
        <span>Require approval for subscription changes</span>
      </label>
      <p className="field-hint" id="approval-hint">
        When on, billing members submit a request and an admin approves it.
      </p>
      <p className="field-saved" role="status" data-testid="approval-saved">
        {saved ?? ""}
      </p>
      <FormError error={error} small />
    </div>
  );
}

interface Outcome {
  approved: boolean;
  text: ReactNode;
}

function PendingRequestCard(props: {
  request: ChangeRequest;
  creditsPerBlock: number;
  onDecided: (outcome: Outcome) => void;
}) {
  const { request } = props;
  const quote = useChangeRequestQuote(request.id);
  const { busy, error, run } = useBillingAction<"approve" | "reject">("The decision was not saved.");
  const [rejecting, setRejecting] = useState(false);
  // A refused decision moves the focus to its message (in the Reject dialog when it is open).
  const errorRef = useRef<HTMLParagraphElement>(null);
  const dialogErrorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) (dialogErrorRef.current ?? errorRef.current)?.focus();
  }, [error]);
  const [reason, setReason] = useState("");
  const submitted = request.quoteAtSubmission;

  const decide = (action: "approve" | "reject") =>
    run(action, async () => {
      const body = action === "reject" && reason.trim() ? { reason: reason.trim() } : {};
      const decision = await api.post<Decision>(
        `/change-requests/${encodeURIComponent(request.id)}/${action}`,
        body,
      );
      const invoice = decision.invoice;
      const sentence = changeSentence(request.current, request.requested, props.creditsPerBlock);
      props.onDecided(
        action === "approve"
          ? {
              approved: true,
              text: (
                <>
                  Approved: {sentence}.
                  {invoice ? (
                    <>
                      {" "}
                      <Link href={`/settings/invoices/${encodeURIComponent(invoice.id)}`}>
                        Invoice #{invoice.number}
                      </Link>{" "}
                      charged {money(invoice.total, invoice.currency)}.
                    </>
                  ) : null}
                </>
              ),
            }
          : { approved: false, text: `Rejected: ${sentence}.` },
      );
      setRejecting(false);
    });

  return (
    <article className="request-card" aria-labelledby={`request-${request.id}`} data-testid="pending-request">
      <header>
        <h4 id={`request-${request.id}`}>{request.requestedBy?.name ?? "A member"} requested a change</h4>
        <p className="muted">
          {dateTime(request.requestedAt)}
          {request.requestedBy?.email ? ` · ${request.requestedBy.email}` : ""}
        </p>
      </header>
      {request.note ? <p className="quote">“{request.note}”</p> : null}
      <div className="request-grid">
        <ChangeTable
          request={request}
          creditsPerBlock={props.creditsPerBlock}
          caption="Before and after"
          sides={["Before", { label: "→ After", ariaLabel: "After" }]}
        />
        <div className="request-cost" data-testid="approval-cost">
          <h5>Cost if approved now</h5>
          {quote.isPending ? (
            <Loading label="Pricing…" />
          ) : quote.isError ? (
            <p className="field-error">{quote.error.message}</p>
          ) : (
            <>
              {quote.data.violations.length > 0 ? (
                <ul className="violations">
                  {quote.data.violations.map((violation) => (
                    <li key={violation.code} className="field-error">
                      <MessageText text={violation.message} />
                    </li>
                  ))}
                </ul>
              ) : (
                <dl className="cost-list">
                  {quote.data.dueNow.lines.map((line) => (
                    <div key={`${line.kind}:${line.description}`}>
                      <dt>{line.description}</dt>
                      <dd>{money(line.amount, quote.data.currency)}</dd>
                    </div>
                  ))}
                  {quote.data.dueNow.creditApplied > 0 ? (
                    <div>
                      <dt>Account credit applied</dt>
                      <dd>{money(-quote.data.dueNow.creditApplied, quote.data.currency)}</dd>
                    </div>
                  ) : null}
                  {quote.data.dueNow.tax.lines.map((line) => (
                    <div key={`${line.country}:${line.rate}`} data-testid="approval-tax">
                      <dt>
                        VAT {line.rate}% ({line.country})
                      </dt>
                      <dd>{money(line.amount, quote.data.currency)}</dd>
                    </div>
                  ))}
                  <div className="total-row">
                    <dt>
                      {quote.data.dueNow.total < 0
                        ? "Added to account credit on approval"
                        : "Total due on approval"}
                    </dt>
                    <dd data-testid="approval-total">
                      {money(Math.abs(quote.data.dueNow.total), quote.data.currency)}
                    </dd>
                  </div>
                  <div>
                    <dt>
                      {quote.data.scheduled
                        ? `From ${date(quote.data.scheduled.effectiveAt)}`
                        : "New recurring total"}
                    </dt>
                    <dd data-testid="approval-recurring">
                      {money(quote.data.recurring.total, quote.data.currency)} /{" "}
                      {perInterval(quote.data.recurring.interval)}
                    </dd>
                  </div>
                </dl>
              )}
              {submitted ? (
                <p className="muted">
                  Quoted at submission: {dueToday(submitted.dueNow.total, submitted.currency)}.
                </p>
              ) : null}
            </>
          )}
        </div>
      </div>
      {error && !rejecting ? (
        <p className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
          <MessageText text={error} />
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => decide("approve")}
          disabled={busy !== null}
        >
          {busy === "approve" ? "Approving…" : "Approve"}
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => setRejecting(true)}
          disabled={busy !== null}
        >
          Reject
        </button>
      </div>
      <Modal
        open={rejecting}
        onOpenChange={setRejecting}
        title="Reject change request"
        description={changeSentence(request.current, request.requested, props.creditsPerBlock)}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void decide("reject");
          }}
        >
          <div className="field">
            <label htmlFor={`reject-reason-${request.id}`} className="field-label">
              Reason <span className="field-optional">(optional)</span>
            </label>
            <textarea
              id={`reject-reason-${request.id}`}
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <p className="field-hint">The requester sees the reason on the Billing page.</p>
          </div>
          {error ? (
            <p className="form-error" role="alert" tabIndex={-1} ref={dialogErrorRef}>
              <MessageText text={error} />
            </p>
          ) : null}
          <div className="modal-footer">
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-danger" disabled={busy !== null}>
              {busy === "reject" ? "Rejecting…" : "Reject"}
            </button>
          </div>
        </form>
      </Modal>
    </article>
  );
}
