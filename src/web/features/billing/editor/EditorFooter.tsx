import { date, money, perInterval } from "../../../lib/format.js";
import { chargesVat, type PreviewFigures } from "../plan.js";

/** Cancel and Save Changes (or Submit Request), with the reason the save is unavailable. */
export function EditorFooter(props: {
  blocked: string | null;
  saving: boolean;
  ready: boolean;
  submitsRequest: boolean;
  figures: PreviewFigures | null;
  onCancel: () => void;
}) {
  const { figures } = props;
  const { blocked, saving, submitsRequest } = props;
  return (
    <div className="modal-footer">
      {figures?.changed && figures.violations.length === 0 ? (
        // Beside the button, on every width: nobody pays without seeing the total (on a phone the
        // cost preview is above, out of view).
        <p className="footer-total" data-testid="footer-total">
          {figures.total < 0 ? (
            <span>
              Nothing due today · <strong>{money(-figures.total, figures.currency)}</strong> to your account
              credit
            </span>
          ) : (
            <span>
              Total due today <strong>{money(figures.total, figures.currency)}</strong>
            </span>
          )}
          <span className="footer-total-then">
            {figures.scheduled ? `from ${date(figures.scheduled.effectiveAt)}` : "then"}{" "}
            {money(figures.scheduled?.recurringTotal ?? figures.recurring.total, figures.currency)} /{" "}
            {perInterval(figures.recurring.interval)}
            {chargesVat(figures) ? " excl. VAT" : ""}
          </span>
        </p>
      ) : null}
      {blocked ? (
        <p className="footer-hint" id="submit-hint">
          {blocked}
        </p>
      ) : null}
      <button type="button" className="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button
        type="submit"
        className="button button-primary"
        disabled={Boolean(blocked) || saving || !props.ready}
        aria-describedby={blocked ? "submit-hint" : undefined}
      >
        {saving
          ? submitsRequest
            ? "Submitting…"
            : "Saving…"
          : submitsRequest
            ? "Submit Request"
            : "Save Changes"}
      </button>
    </div>
  );
}
