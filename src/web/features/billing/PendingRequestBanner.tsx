import { FormError, Notice } from "../../components/ui.js";
import type { ChangeRequest, Me } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { dateTime } from "../../lib/format.js";
import { can } from "../../lib/queries.js";
import { useBillingAction } from "../../lib/useBillingAction.js";
import { changeSentence, scheduledSuffix } from "./changeSummary.js";

/** The yellow banner every member sees while a change request waits for review. */
export function PendingRequestBanner(props: {
  request: ChangeRequest;
  me: Me;
  creditsPerBlock: number;
  compact?: boolean;
}) {
  const { request, me } = props;
  const { busy, error, run } = useBillingAction("The request could not be withdrawn.");
  const mine = request.requestedBy?.id === me.user.id;
  const who = mine ? "You" : (request.requestedBy?.name ?? "A member");

  const withdraw = () =>
    run("run", () => api.post(`/change-requests/${encodeURIComponent(request.id)}/withdraw`));

  return (
    <Notice
      tone="warning"
      role="region"
      label="Pending change request"
      testId="pending-request-banner"
      title="A subscription change request is pending"
      actions={
        mine && !props.compact ? (
          <button type="button" className="button" onClick={withdraw} disabled={busy !== null}>
            {busy ? "Withdrawing…" : "Withdraw request"}
          </button>
        ) : !props.compact && can(me, "change_requests.decide") ? (
          // biome-ignore lint/a11y/useValidAnchor: a link to a place on the page that also moves the focus there
          <a
            className="button"
            href="#change-requests"
            onClick={(event) => {
              // The section gets the focus as well as the scroll, so the keyboard carries on there.
              const section = document.getElementById("change-requests");
              if (!section) return;
              event.preventDefault();
              section.scrollIntoView({ block: "start" });
              section.focus({ preventScroll: true });
            }}
          >
            Review request
          </a>
        ) : null
      }
    >
      <p data-testid="pending-request-summary">
        {who} requested on {dateTime(request.requestedAt)}:{" "}
        <strong>
          {changeSentence(request.current, request.requested, props.creditsPerBlock)}
          {scheduledSuffix(request)}
        </strong>
        .
      </p>
      {request.note ? <p className="quote">“{request.note}”</p> : null}
      <p>You cannot submit new changes until it's reviewed.</p>
      <FormError error={error} small />
    </Notice>
  );
}
