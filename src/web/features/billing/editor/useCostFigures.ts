import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { Catalog } from "../../../../core/catalog.js";
import type { SubscriptionState } from "../../../../core/plan-change.js";
import type { TaxRule } from "../../../../core/vat.js";
import type { Me, PlanLevels, Quote, Subscription } from "../../../lib/api.js";
import { api } from "../../../lib/api.js";
import { refreshBilling } from "../../../lib/queries.js";
import {
  figuresOfPlan,
  figuresOfQuote,
  localPlan,
  type PreviewFigures,
  sameLevels,
  taxRuleOfQuote,
} from "../plan.js";
import { noteServerTime, serverNow } from "../serverClock.js";
import { useDebounced } from "../useDebounced.js";

export const previewKey = (levels: PlanLevels, version: number) =>
  ["subscription-preview", version, levels] as const;

export type PreviewStatus = "estimate" | "checking" | "confirmed" | "unavailable";

/**
 * The figures of the desired plan: from the local core on every move (the same pure function the
 * server bills with), then from the server's quote once the controls settle (one request per pause).
 */
export function useCostFigures(args: {
  desired: PlanLevels;
  state: SubscriptionState;
  catalog: Catalog;
  subscription: Subscription;
  me: Me;
  enabled: boolean;
}): { figures: PreviewFigures | null; status: PreviewStatus } {
  const { desired, state, catalog, subscription, me } = args;
  const client = useQueryClient();
  const now = serverNow();
  // The tax rule comes from the server (seller and bill-to live there); kept from the last quote.
  const taxRule = useRef<TaxRule | null>(null);
  let local: PreviewFigures | null = null;
  try {
    local = now ? figuresOfPlan(localPlan({ state, change: desired, catalog, now }), taxRule.current) : null;
  } catch {
    local = null;
  }
  const rangeViolation = local?.violations.some((violation) => violation.code.endsWith("_out_of_range"));

  const settled = useDebounced(desired, 350);
  const quoteQuery = useQuery({
    queryKey: previewKey(settled, subscription.version),
    queryFn: async ({ signal }) => {
      const quote = await api.query<Quote>("/subscription/preview", settled, signal);
      noteServerTime(quote.quotedAt);
      if (quote.dueNow.lines.length > 0) taxRule.current = taxRuleOfQuote(quote);
      return quote;
    },
    enabled: args.enabled && !rangeViolation,
    staleTime: 15_000,
    gcTime: 30_000,
    retry: false,
  });
  const confirmed =
    quoteQuery.data && sameLevels(settled, desired) && !quoteQuery.isFetching
      ? figuresOfQuote(quoteQuery.data, state)
      : null;
  const status: PreviewStatus = confirmed
    ? "confirmed"
    : quoteQuery.isError && sameLevels(settled, desired)
      ? "unavailable"
      : local
        ? "estimate"
        : "checking";

  // The server knows of a change, a request or a new approval rule this page has not seen yet.
  const pending = subscription.pendingChangeRequest;
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

  return { figures: confirmed ?? local, status };
}
