import * as Slider from "@radix-ui/react-slider";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { Catalog } from "../../../core/catalog.js";
import type { Interval } from "../../../core/period.js";
import { recurringTotal, yearlySavings } from "../../../core/plan-change.js";
import { Modal } from "../../components/Modal.js";
import { Notice } from "../../components/ui.js";
import { ApiError, api } from "../../lib/api.js";
import { count, date, intervalName, money, perInterval } from "../../lib/format.js";
import { refreshBilling } from "../../lib/queries.js";
import type { AppliedChange, ChangeRequest, Me, PlanLevels, Quote, Subscription } from "../../lib/types.js";
import { InvoiceDetails } from "../invoices/InvoiceDetails.js";
import { CostPreview } from "./CostPreview.js";
import { changeRows } from "./changeSummary.js";
import { PendingRequestBanner } from "./PendingRequestBanner.js";
import {
  currentLevels,
  figuresOfPlan,
  figuresOfQuote,
  localPlan,
  type PreviewFigures,
  sameFigures,
  sameLevels,
  stateOf,
} from "./plan.js";
import { noteServerTime, serverNow } from "./serverClock.js";
import { useDebounced } from "./useDebounced.js";

type Phase =
  | { kind: "editing" }
  | { kind: "saving" }
  | { kind: "saved"; result: AppliedChange; quote: Quote }
  | { kind: "submitted"; request: ChangeRequest };

export function ManageSubscriptionDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  me: Me;
  subscription: Subscription;
  catalog: Catalog;
}) {
  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Manage Subscription"
      description="Adjust your subscription settings including user seats, AI credits, and billing frequency."
      size="wide"
    >
      {props.open ? <SubscriptionEditor {...props} /> : null}
    </Modal>
  );
}

const previewKey = (levels: PlanLevels, version: number) =>
  ["subscription-preview", version, levels] as const;

function SubscriptionEditor({
  onOpenChange,
  me,
  subscription,
  catalog,
}: {
  onOpenChange: (open: boolean) => void;
  me: Me;
  subscription: Subscription;
  catalog: Catalog;
}) {
  const client = useQueryClient();
  const state = useMemo(() => stateOf(subscription), [subscription]);
  const current = currentLevels(subscription);
  const [desired, setDesired] = useState<PlanLevels>(current);
  const [seatText, setSeatText] = useState(String(current.seats));
  const [creditText, setCreditText] = useState(
    String(current.additionalCreditBlocks * catalog.creditsPerBlock),
  );
  const [note, setNote] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const [failure, setFailure] = useState<{ message: string; field?: string | undefined } | null>(null);
  // Why the figures must be reviewed again before saving, if they must.
  const [reviewAgain, setReviewAgain] = useState<"figures" | "changed" | null>(null);
  // The version this person reviewed: a change by someone else since then is shown before saving.
  const [reviewedVersion, setReviewedVersion] = useState(subscription.version);

  const { limits, creditsPerBlock } = catalog;
  const seatTextValid = /^\d{1,4}$/.test(seatText.trim());
  const creditNumber = Number(creditText.trim());
  const creditTextError = !/^\d{1,7}$/.test(creditText.trim())
    ? "Enter a number of credits."
    : creditNumber % creditsPerBlock !== 0
      ? `Additional Credits come in steps of ${count(creditsPerBlock)}.`
      : undefined;
  const inputsValid = seatTextValid && !creditTextError;

  // Local plan, on every move: the same pure function the server bills with.
  const now = serverNow();
  let local: PreviewFigures | null = null;
  try {
    local = now ? figuresOfPlan(localPlan({ state, change: desired, catalog, now })) : null;
  } catch {
    local = null;
  }
  const rangeViolation = local?.violations.some((violation) => violation.code.endsWith("_out_of_range"));

  // The server's quote once the sliders settle: one request per pause, not per move.
  const settled = useDebounced(desired, 350);
  const quoteQuery = useQuery({
    queryKey: previewKey(settled, subscription.version),
    queryFn: async ({ signal }) => {
      const quote = await api.query<Quote>("/subscription/preview", settled, signal);
      noteServerTime(quote.quotedAt);
      return quote;
    },
    enabled: phase.kind === "editing" && inputsValid && !rangeViolation,
    staleTime: 15_000,
    gcTime: 30_000,
    retry: false,
  });
  const confirmed =
    quoteQuery.data && sameLevels(settled, desired) && !quoteQuery.isFetching
      ? figuresOfQuote(quoteQuery.data, state)
      : null;
  const figures = confirmed ?? local;
  const status = confirmed
    ? "confirmed"
    : quoteQuery.isError && sameLevels(settled, desired)
      ? "unavailable"
      : local
        ? "estimate"
        : "checking";

  const pending = subscription.pendingChangeRequest;
  // The server knows of a change, a request or a new approval rule this page has not seen yet.
  const staleState =
    (quoteQuery.data?.version !== undefined && quoteQuery.data.version !== subscription.version) ||
    quoteQuery.data?.violations.some(
      (violation) =>
        (violation.code === "change_request_pending" && !pending) ||
        (violation.code === "approval_required" && !me.mustRequestApproval),
    );
  useEffect(() => {
    if (staleState) void refreshBilling(client);
  }, [staleState, client]);
  const submitsRequest = me.mustRequestApproval;
  const violations = figures?.violations ?? [];
  const violationOf = (field: string) => violations.find((violation) => violation.field === field)?.message;
  const generalViolations = violations.filter(
    (violation) => !["seats", "additionalCreditBlocks", "interval"].includes(violation.field ?? ""),
  );
  const blocked = pending
    ? "A change request is pending. You cannot submit new changes until it's reviewed."
    : !inputsValid
      ? "Correct the highlighted field."
      : violations.length > 0
        ? "This change breaks a rule shown above."
        : figures && !figures.changed
          ? "Make a change to continue."
          : null;

  const setSeats = (seats: number) => {
    setDesired((value) => ({ ...value, seats }));
    setSeatText(String(seats));
    setReviewAgain(null);
  };
  const setBlocks = (blocks: number) => {
    setDesired((value) => ({ ...value, additionalCreditBlocks: blocks }));
    setCreditText(String(blocks * creditsPerBlock));
    setReviewAgain(null);
  };
  const setInterval = (interval: Interval) => {
    setDesired((value) => ({ ...value, interval }));
    setReviewAgain(null);
  };

  const save = async () => {
    if (blocked || !figures) return;
    setFailure(null);
    setPhase({ kind: "saving" });
    try {
      // The server's preview confirms the figures on screen before anything is written.
      const quote = await api.query<Quote>("/subscription/preview", desired);
      noteServerTime(quote.quotedAt);
      client.setQueryData(previewKey(desired, subscription.version), quote);
      if (quote.version !== undefined && quote.version !== reviewedVersion) {
        // Changed since it was reviewed: show the change against the current plan first.
        setReviewedVersion(quote.version);
        setReviewAgain("changed");
        await refreshBilling(client);
        setPhase({ kind: "editing" });
        return;
      }
      const serverFigures = figuresOfQuote(quote, state);
      if (quote.violations.length > 0 || !sameFigures(figures, serverFigures)) {
        setReviewAgain(quote.violations.length === 0 ? "figures" : null);
        if (
          quote.violations.some((violation) =>
            ["change_request_pending", "approval_required"].includes(violation.code),
          )
        ) {
          await refreshBilling(client);
        }
        setPhase({ kind: "editing" });
        return;
      }
      if (submitsRequest) {
        const body: Record<string, unknown> = { ...desired };
        if (note.trim()) body.note = note.trim();
        const request = await api.post<ChangeRequest>("/change-requests", body);
        setPhase({ kind: "submitted", request });
      } else {
        const result = await api.post<AppliedChange>("/subscription/changes", {
          ...desired,
          expectedVersion: quote.version ?? subscription.version,
        });
        setPhase({ kind: "saved", result, quote });
      }
      await refreshBilling(client);
    } catch (error) {
      setPhase({ kind: "editing" });
      if (error instanceof ApiError) {
        setFailure({ message: error.message, field: error.field });
        if (
          ["conflict", "change_request_pending", "approval_required", "outcome_unknown"].includes(error.code)
        ) {
          await refreshBilling(client);
        }
      } else {
        setFailure({ message: "Saving failed. Try again." });
      }
    }
  };

  if (phase.kind === "saved") {
    return (
      <SavedView
        result={phase.result}
        quote={phase.quote}
        catalog={catalog}
        onDone={() => onOpenChange(false)}
      />
    );
  }
  if (phase.kind === "submitted") {
    return <SubmittedView request={phase.request} catalog={catalog} onDone={() => onOpenChange(false)} />;
  }

  const monthlyPrice = recurringTotal(
    catalog,
    state.currency,
    "month",
    desired.seats,
    desired.additionalCreditBlocks,
  );
  const yearlyPrice = recurringTotal(
    catalog,
    state.currency,
    "year",
    desired.seats,
    desired.additionalCreditBlocks,
  );
  const savings = yearlySavings(catalog, state.currency, desired.seats, desired.additionalCreditBlocks);
  const seatError = !seatTextValid ? "Enter a whole number of seats." : violationOf("seats");
  const creditError = creditTextError ?? violationOf("additionalCreditBlocks");
  const intervalError = violationOf("interval");
  const includedCredits = desired.seats * catalog.creditsPerSeat;
  const extraCredits = desired.additionalCreditBlocks * creditsPerBlock;
  const blockDecrease =
    desired.additionalCreditBlocks < subscription.additionalCreditBlocks &&
    desired.interval === state.interval;

  return (
    <form
      className="editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
    >
      {pending ? (
        <PendingRequestBanner request={pending} me={me} creditsPerBlock={creditsPerBlock} compact />
      ) : null}
      <p className="current-plan" data-testid="current-plan">
        Current plan: <strong>{count(subscription.seats)} seats</strong> ·{" "}
        <strong>{count(current.additionalCreditBlocks * creditsPerBlock)} additional credits</strong> ·{" "}
        <strong>{intervalName(subscription.interval)}</strong>, renews {date(subscription.periodEnd)}
      </p>

      <div className="editor-grid">
        <div className="editor-controls">
          <div className={`control ${seatError ? "control-invalid" : ""}`}>
            <div className="control-head">
              <label htmlFor="seat-count-input" className="control-label">
                Seat Count
              </label>
              <span className="control-meta">
                {count(subscription.activeUsers)} active {subscription.activeUsers === 1 ? "user" : "users"}
              </span>
            </div>
            <div className="control-row">
              <Slider.Root
                className="slider"
                min={limits.seats.min}
                max={limits.seats.max}
                step={1}
                value={[Math.min(Math.max(desired.seats, limits.seats.min), limits.seats.max)]}
                onValueChange={([value]) => value !== undefined && setSeats(value)}
              >
                <Slider.Track className="slider-track">
                  <Slider.Range className="slider-range" />
                </Slider.Track>
                <Slider.Thumb
                  className="slider-thumb"
                  aria-label="Seat Count"
                  aria-valuetext={`${count(desired.seats)} seats`}
                />
              </Slider.Root>
              <input
                id="seat-count-input"
                className="number-input"
                type="number"
                inputMode="numeric"
                min={limits.seats.min}
                max={limits.seats.max}
                step={1}
                value={seatText}
                onChange={(event) => {
                  setSeatText(event.target.value);
                  setReviewAgain(null);
                  const text = event.target.value.trim();
                  if (/^\d{1,4}$/.test(text)) setDesired((value) => ({ ...value, seats: Number(text) }));
                }}
                aria-invalid={seatError ? true : undefined}
                aria-describedby="seat-count-hint seat-count-error"
              />
            </div>
            <p className="field-hint" id="seat-count-hint">
              {money(catalog.currencies[state.currency]?.seat[desired.interval] ?? 0, state.currency)} per
              seat / {perInterval(desired.interval)}. Each active user needs one seat.
              {desired.seats < subscription.seats && desired.interval === state.interval
                ? ` Fewer seats apply at the renewal on ${date(subscription.periodEnd)}, without refund.`
                : ""}
            </p>
            <p className="field-error" id="seat-count-error" role="alert" data-testid="seat-error">
              {seatError ?? ""}
            </p>
          </div>

          <div className={`control ${creditError ? "control-invalid" : ""}`}>
            <div className="control-head">
              <label htmlFor="additional-credits-input" className="control-label">
                Additional Credits
              </label>
              <span className="control-meta">
                {count(includedCredits + extraCredits)} credits a month in all
              </span>
            </div>
            <div className="control-row">
              <Slider.Root
                className="slider"
                min={limits.creditBlocks.min}
                max={limits.creditBlocks.max}
                step={1}
                value={[
                  Math.min(
                    Math.max(desired.additionalCreditBlocks, limits.creditBlocks.min),
                    limits.creditBlocks.max,
                  ),
                ]}
                onValueChange={([value]) => value !== undefined && setBlocks(value)}
              >
                <Slider.Track className="slider-track">
                  <Slider.Range className="slider-range" />
                </Slider.Track>
                <Slider.Thumb
                  className="slider-thumb"
                  aria-label="Additional Credits"
                  aria-valuetext={`${count(desired.additionalCreditBlocks * creditsPerBlock)} credits`}
                />
              </Slider.Root>
              <div className="number-with-unit">
                <input
                  id="additional-credits-input"
                  className="number-input number-input-wide"
                  type="number"
                  inputMode="numeric"
                  min={limits.creditBlocks.min * creditsPerBlock}
                  max={limits.creditBlocks.max * creditsPerBlock}
                  step={creditsPerBlock}
                  value={creditText}
                  onChange={(event) => {
                    setCreditText(event.target.value);
                    setReviewAgain(null);
                    const text = event.target.value.trim();
                    const credits = Number(text);
                    if (/^\d{1,7}$/.test(text) && credits % creditsPerBlock === 0) {
                      setDesired((value) => ({
                        ...value,
                        additionalCreditBlocks: credits / creditsPerBlock,
                      }));
                    }
                  }}
                  aria-invalid={creditError ? true : undefined}
                  aria-describedby="additional-credits-hint additional-credits-error"
                />
                <span className="unit" aria-hidden="true">
                  credits
                </span>
              </div>
            </div>
            <p className="field-hint" id="additional-credits-hint">
              {money(catalog.currencies[state.currency]?.creditBlock[desired.interval] ?? 0, state.currency)}{" "}
              per {count(creditsPerBlock)} credits / {perInterval(desired.interval)}, on top of{" "}
              {count(catalog.creditsPerSeat)} credits per seat. Added credits are billed now for the whole
              credit cycle and granted at once.
              {blockDecrease
                ? ` A decrease applies at the renewal on ${date(subscription.periodEnd)}, without refund.`
                : ""}
            </p>
            <p className="field-error" id="additional-credits-error" role="alert" data-testid="credits-error">
              {creditError ?? ""}
            </p>
          </div>

          <fieldset className={`control billing-period ${intervalError ? "control-invalid" : ""}`}>
            <legend className="control-label">Billing Period</legend>
            <div className="choices">
              {(["month", "year"] as const).map((interval) => (
                <label
                  key={interval}
                  className={`choice ${desired.interval === interval ? "choice-selected" : ""}`}
                >
                  <input
                    type="radio"
                    name="billing-period"
                    value={interval}
                    checked={desired.interval === interval}
                    onChange={() => setInterval(interval)}
                    aria-describedby={interval === "year" ? "yearly-savings" : undefined}
                  />
                  <span className="choice-body">
                    <span className="choice-title">{intervalName(interval)}</span>
                    <span className="choice-price">
                      {money(interval === "year" ? yearlyPrice : monthlyPrice, state.currency)} /{" "}
                      {perInterval(interval)}
                    </span>
                    {interval === "year" && savings > 0 ? (
                      <span className="savings" id="yearly-savings" data-testid="yearly-savings">
                        Save {money(savings, state.currency)} a year
                      </span>
                    ) : null}
                  </span>
                </label>
              ))}
            </div>
            <p className="field-error" role="alert" data-testid="interval-error">
              {intervalError ?? ""}
            </p>
          </fieldset>

          {submitsRequest ? (
            <div className="field">
              <label htmlFor="request-note" className="field-label">
                Note for the approver <span className="field-optional">(optional)</span>
              </label>
              <textarea
                id="request-note"
                rows={2}
                maxLength={500}
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
            </div>
          ) : null}
        </div>

        <div className="editor-preview">
          <CostPreview
            figures={figures}
            status={status}
            periodEnd={subscription.periodEnd}
            creditsPerBlock={catalog.creditsPerBlock}
          />
          {desired.interval === "year" && savings > 0 && figures?.changed ? (
            <p className="savings-note" data-testid="savings-note">
              Yearly billing saves you {money(savings, state.currency)} a year compared with paying monthly.
            </p>
          ) : null}
        </div>
      </div>

      {generalViolations.map((violation) => (
        <p key={violation.code} className="form-error" role="alert">
          {violation.message}
        </p>
      ))}
      {reviewAgain === "figures" ? (
        <Notice tone="info" title="The cost was updated" role="alert" testId="review-again">
          <p>The server's figures differ from the estimate. Review the cost preview and click again.</p>
        </Notice>
      ) : reviewAgain === "changed" ? (
        <Notice tone="info" title="The subscription changed" role="alert" testId="review-again">
          <p>
            Someone changed the subscription after you opened this dialog. The cost preview now starts from
            the current plan: review it and click again.
          </p>
        </Notice>
      ) : null}
      {failure ? (
        <Notice tone="error" title="The change was not saved" role="alert">
          <p data-testid="save-error">{failure.message}</p>
        </Notice>
      ) : null}
      {submitsRequest && !pending ? (
        <p className="muted approval-hint">
          Your organization requires approval for subscription changes: an administrator reviews your request.
        </p>
      ) : null}

      <div className="modal-footer">
        {blocked ? (
          <p className="footer-hint" id="submit-hint">
            {blocked}
          </p>
        ) : null}
        <button type="button" className="button" onClick={() => onOpenChange(false)}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={Boolean(blocked) || phase.kind === "saving" || !figures}
          aria-describedby={blocked ? "submit-hint" : undefined}
        >
          {phase.kind === "saving"
            ? submitsRequest
              ? "Submitting…"
              : "Saving…"
            : submitsRequest
              ? "Submit Request"
              : "Save Changes"}
        </button>
      </div>
    </form>
  );
}

function SavedView(props: { result: AppliedChange; quote: Quote; catalog: Catalog; onDone: () => void }) {
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
          <InvoiceDetails invoice={invoice} />
          {invoice.total !== props.quote.dueNow.total ? (
            <p className="muted">
              The invoice was priced at the moment of saving, a little after the preview.
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">Nothing is charged today.</p>
      )}
      <div className="modal-footer">
        <button type="button" className="button button-primary" onClick={props.onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function SubmittedView(props: { request: ChangeRequest; catalog: Catalog; onDone: () => void }) {
  const { request } = props;
  const quote = request.quoteAtSubmission;
  return (
    <div className="result" data-testid="submit-result">
      <Notice tone="success" title="Request submitted" role="status">
        <p>An administrator will review your request. You will see the outcome on the Billing page.</p>
      </Notice>
      <table className="table change-table">
        <caption className="visually-hidden">Requested change</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Now</th>
            <th scope="col">Requested</th>
          </tr>
        </thead>
        <tbody>
          {changeRows(request.current, request.requested, props.catalog.creditsPerBlock).map((row) => (
            <tr key={row.label} className={row.changed ? "row-changed" : ""}>
              <th scope="row">{row.label}</th>
              <td>{row.before}</td>
              <td>{row.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {quote ? (
        <p>
          Quoted at submission: <strong>{money(quote.dueNow.total, quote.currency)}</strong> due today, then{" "}
          {money(quote.recurring.total, quote.currency)} / {perInterval(quote.recurring.interval)}. The cost
          is re-priced when an administrator approves.
        </p>
      ) : null}
      <div className="modal-footer">
        <button type="button" className="button button-primary" onClick={props.onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
