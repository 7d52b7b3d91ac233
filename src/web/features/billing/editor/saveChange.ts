import type { QueryClient } from "@tanstack/react-query";
import type { SubscriptionState } from "../../../../core/plan-change.js";
import type { AppliedChange, ChangeRequest, PlanLevels, Quote } from "../../../lib/api.js";
import { ApiError, api } from "../../../lib/api.js";
import { refreshBilling } from "../../../lib/queries.js";
import { figuresOfQuote, type PreviewFigures, sameFigures } from "../plan.js";
import { noteServerTime } from "../serverClock.js";
import type { EditorAction } from "./editorReducer.js";
import { previewKey } from "./useCostFigures.js";

/**
 * Save Changes (or Submit Request): the server's preview confirms the figures on screen before
 * anything is written; a change by someone else, or figures that differ, are shown first.
 */
export async function saveChange(args: {
  client: QueryClient;
  dispatch: (action: EditorAction) => void;
  desired: PlanLevels;
  note: string;
  figures: PreviewFigures;
  state: SubscriptionState;
  version: number;
  reviewedVersion: number;
  submitsRequest: boolean;
}): Promise<void> {
  const { client, dispatch, desired } = args;
  dispatch({ type: "saving" });
  try {
    const quote = await api.query<Quote>("/subscription/preview", desired);
    noteServerTime(quote.quotedAt);
    client.setQueryData(previewKey(desired, args.version), quote);
    if (quote.version !== undefined && quote.version !== args.reviewedVersion) {
      // Changed since it was reviewed: show the change against the current plan first.
      dispatch({ type: "reviewAgain", reason: "changed", version: quote.version });
      await refreshBilling(client);
      return;
    }
    const serverFigures = figuresOfQuote(quote, args.state);
    if (quote.violations.length > 0 || !sameFigures(args.figures, serverFigures)) {
      dispatch({ type: "reviewAgain", reason: quote.violations.length === 0 ? "figures" : null });
      if (
        quote.violations.some((violation) =>
          ["change_request_pending", "approval_required"].includes(violation.code),
        )
      ) {
        await refreshBilling(client);
      }
      return;
    }
    if (args.submitsRequest) {
      const body: Record<string, unknown> = { ...desired };
      if (args.note.trim()) body.note = args.note.trim();
      const request = await api.post<ChangeRequest>("/change-requests", body);
      dispatch({ type: "submitted", request });
    } else {
      const result = await api.post<AppliedChange>("/subscription/changes", {
        ...desired,
        expectedVersion: quote.version ?? args.version,
      });
      dispatch({ type: "saved", result, quote });
    }
    await refreshBilling(client);
  } catch (error) {
    if (error instanceof ApiError) {
      dispatch({ type: "failed", message: error.message, field: error.field });
      if (
        ["conflict", "change_request_pending", "approval_required", "outcome_unknown"].includes(error.code)
      ) {
        await refreshBilling(client);
      }
    } else {
      dispatch({ type: "failed", message: "Saving failed. Try again." });
    }
  }
}
