import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useReducer } from "react";
import type { Catalog } from "../../../core/catalog.js";
import { yearlySavings } from "../../../core/plan-change.js";
import { Modal } from "../../components/Modal.js";
import type { Me, PlanLevels, Subscription } from "../../lib/api.js";
import { count, date, intervalName, money } from "../../lib/format.js";
import { CostPreview } from "./CostPreview.js";
import { CreditControl } from "./editor/CreditControl.js";
import { EditorFooter } from "./editor/EditorFooter.js";
import { EditorNotices } from "./editor/EditorNotices.js";
import { editorReducer, initialEditorState, inputErrors } from "./editor/editorReducer.js";
import { IntervalControl } from "./editor/IntervalControl.js";
import { SavedView, SubmittedView } from "./editor/ResultViews.js";
import { SeatControl } from "./editor/SeatControl.js";
import { saveChange } from "./editor/saveChange.js";
import { useCostFigures } from "./editor/useCostFigures.js";
import { PendingRequestBanner } from "./PendingRequestBanner.js";
import { currentLevels, stateOf } from "./plan.js";
import { serverNow } from "./serverClock.js";

export function ManageSubscriptionDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  me: Me;
  subscription: Subscription;
  catalog: Catalog;
  /** Levels to start from instead of today's (the credit forecast's suggestion). */
  prefill?: Partial<PlanLevels> | undefined;
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

const fieldInputs: Record<string, string> = {
  seats: "seat-count-input",
  additionalCreditBlocks: "additional-credits-input",
};

/**
 * The editor's orchestrator: the state lives in one reducer (editorReducer), the figures come from
 * useCostFigures, the save from saveChange; each control is its own component.
 */
function SubscriptionEditor({
  onOpenChange,
  me,
  subscription,
  catalog,
  prefill,
}: {
  onOpenChange: (open: boolean) => void;
  me: Me;
  subscription: Subscription;
  catalog: Catalog;
  prefill?: Partial<PlanLevels> | undefined;
}) {
  const client = useQueryClient();
  const state = useMemo(() => stateOf(subscription), [subscription]);
  const current = currentLevels(subscription);
  const { creditsPerBlock } = catalog;
  const [editor, dispatch] = useReducer(editorReducer, undefined, () =>
    initialEditorState({ ...current, ...prefill }, creditsPerBlock, subscription.version),
  );
  const { desired, phase } = editor;
  const input = inputErrors(editor, creditsPerBlock);
  const { figures, status } = useCostFigures({
    desired,
    state,
    catalog,
    subscription,
    me,
    enabled: phase.kind === "editing" && input.valid,
  });

  const pending = subscription.pendingChangeRequest;
  const submitsRequest = me.mustRequestApproval;
  // While a request is pending (or this save runs) the controls stay still: no price of a change
  // that cannot be sent.
  const locked = Boolean(pending) || phase.kind === "saving";
  const violations = figures?.violations ?? [];
  const violationOf = (field: string) => violations.find((violation) => violation.field === field)?.message;
  const generalViolations = violations.filter(
    (violation) => !["seats", "additionalCreditBlocks", "interval"].includes(violation.field ?? ""),
  );
  const blocked = pending
    ? "A change request is pending. You cannot submit new changes until it's reviewed."
    : !input.valid
      ? "Correct the highlighted field."
      : violations.length > 0
        ? "This change breaks a rule shown above."
        : figures && !figures.changed
          ? "Make a change to continue."
          : null;

  // A refusal naming a field moves the focus to that field.
  const { failure } = editor;
  useEffect(() => {
    const id = failure?.field ? fieldInputs[failure.field] : undefined;
    if (id) document.getElementById(id)?.focus();
  }, [failure]);

  const save = async () => {
    if (blocked || !figures) return;
    await saveChange({
      client,
      dispatch,
      desired,
      note: editor.note,
      figures,
      state,
      version: subscription.version,
      reviewedVersion: editor.reviewedVersion,
      submitsRequest,
    });
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

  const savings = yearlySavings(catalog, state.currency, desired.seats, desired.additionalCreditBlocks);

  // What the seat and credit controls both read.
  const levels = {
    desired,
    subscription,
    catalog,
    currency: state.currency,
    currentInterval: state.interval,
    disabled: locked,
  };

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
          <SeatControl
            {...levels}
            text={editor.seatText}
            error={input.seatTextError ?? violationOf("seats")}
            onSeats={(seats) => dispatch({ type: "seats", seats })}
            onText={(text) => dispatch({ type: "seatText", text })}
          />
          <CreditControl
            {...levels}
            text={editor.creditText}
            error={input.creditTextError ?? violationOf("additionalCreditBlocks")}
            onBlocks={(blocks) => dispatch({ type: "blocks", blocks, creditsPerBlock })}
            onText={(text) => dispatch({ type: "creditText", text, creditsPerBlock })}
            onBlur={() => dispatch({ type: "creditBlur", creditsPerBlock })}
          />
          <IntervalControl
            desired={desired}
            error={violationOf("interval")}
            catalog={catalog}
            currency={state.currency}
            onInterval={(interval) => dispatch({ type: "interval", interval })}
            disabled={locked}
          />
          {submitsRequest ? (
            <div className="field">
              <label htmlFor="request-note" className="field-label">
                Note for the approver <span className="field-optional">(optional)</span>
              </label>
              <textarea
                id="request-note"
                rows={2}
                maxLength={500}
                value={editor.note}
                onChange={(event) => dispatch({ type: "note", note: event.target.value })}
              />
            </div>
          ) : null}
        </div>

        <div className="editor-preview">
          <CostPreview
            figures={figures}
            status={status}
            periodStart={subscription.periodStart}
            periodEnd={subscription.periodEnd}
            now={serverNow()}
            creditsPerBlock={creditsPerBlock}
          />
          {desired.interval === "year" && savings > 0 && figures?.changed ? (
            <p className="savings-note" data-testid="savings-note">
              Yearly billing saves you {money(savings, state.currency)} a year compared with paying monthly.
            </p>
          ) : null}
        </div>
      </div>

      <EditorNotices
        generalViolations={generalViolations}
        reviewAgain={editor.reviewAgain}
        failure={editor.failure}
      />
      {submitsRequest && !pending ? (
        <p className="muted approval-hint">
          Your organization requires approval for subscription changes: an administrator reviews your request.
        </p>
      ) : null}

      <EditorFooter
        blocked={blocked}
        saving={phase.kind === "saving"}
        ready={Boolean(figures)}
        figures={figures}
        submitsRequest={submitsRequest}
        onCancel={() => onOpenChange(false)}
      />
    </form>
  );
}
