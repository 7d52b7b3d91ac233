import { useState } from "react";
import { Notice } from "../../components/ui.js";
import type { ChangeRequest, Me } from "../../lib/api.js";
import { dateTime } from "../../lib/format.js";
import { changeSentence } from "./changeSummary.js";

const storageKey = (id: string) => `wiseparts.decision-seen.${id}`;

function seen(id: string) {
  try {
    return window.localStorage.getItem(storageKey(id)) === "1";
  } catch {
    return false;
  }
}

/** Tells the requester how their last change request was decided, until they dismiss it. */
export function DecisionNotice(props: { request: ChangeRequest; me: Me; creditsPerBlock: number }) {
  const { request, me } = props;
  const [dismissed, setDismissed] = useState(() => seen(request.id));
  if (dismissed || request.requestedBy?.id !== me.user.id || request.status === "pending") return null;
  if (request.status === "withdrawn") return null;
  const approved = request.status === "approved";
  const dismiss = () => {
    try {
      window.localStorage.setItem(storageKey(request.id), "1");
    } catch {
      // Private mode: dismissed for this visit only.
    }
    setDismissed(true);
  };
  return (
    <Notice
      tone={approved ? "success" : "error"}
      role="region"
      label="Change request outcome"
      testId="decision-notice"
      title={approved ? "Your change request was approved" : "Your change request was rejected"}
      actions={
        <button type="button" className="button button-quiet" onClick={dismiss}>
          Dismiss
        </button>
      }
    >
      <p>
        {changeSentence(request.current, request.requested, props.creditsPerBlock)} —{" "}
        {approved ? "approved" : "rejected"}
        {request.decidedBy ? ` by ${request.decidedBy.name}` : ""}
        {request.decidedAt ? ` on ${dateTime(request.decidedAt)}` : ""}.
      </p>
      {!approved && request.reason ? <p data-testid="decision-reason">Reason: {request.reason}</p> : null}
      {approved ? <p>The change is in effect and its invoice is under Invoices.</p> : null}
    </Notice>
  );
}
