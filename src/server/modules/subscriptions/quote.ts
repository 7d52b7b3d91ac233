import { messages } from "../../../core/errors.js";
import { toWholeSecond } from "../../../core/period.js";
import { type ChangeRequestBody, planChange, resolveChange } from "../../../core/plan-change.js";
import type { AppDeps, Caller } from "../../context.js";
import { notFound } from "../../errors.js";
import { authorize } from "../auth/principal.js";
import type { SubscriptionSnapshot } from "./load-subscription-snapshot.js";
import { subscriptionSnapshot } from "./subscription-snapshot.js";
import { quoteOf } from "./subscriptions.service.js";

/** Steps 1–3 without writing: the quote a user reviews is computed exactly as apply computes it. */
export function quoteFromSnapshot(
  deps: Pick<AppDeps, "catalog" | "seller">,
  snapshot: SubscriptionSnapshot,
  body: ChangeRequestBody,
  now: Date,
) {
  const { loaded } = snapshot;
  const change = resolveChange(loaded.state, body);
  const plan = planChange({ state: loaded.state, change, catalog: deps.catalog, now });
  const quote = quoteOf(deps, snapshot.billTo, plan);
  // A pending request blocks saving: the quote says so, as the save would.
  const violations = snapshot.pendingChangeRequest
    ? [
        ...quote.violations,
        { code: "change_request_pending" as const, message: messages.changeRequestPending },
      ]
    : quote.violations;
  return { ...quote, violations, version: loaded.row.version, organizationId: loaded.row.organizationId };
}

/** Distinct bodies remembered per snapshot and second; past it the memo starts over. */
const maxQuotesPerSecond = 8;

interface SecondOfQuotes {
  second: number;
  json: Map<string, string>;
}

/**
 * Quotes as JSON text, remembered for the second they were computed in (decision 0018).
 *
 * A quote is a pure function of the organization's snapshot, the body and the whole second
 * (`planChange` prorates to the whole second, decision 0003), so within one second and one
 * snapshot the same body always gives the same text: a slider dragged back and forth, or several
 * tabs, ask for it again. The memo hangs off the snapshot object: when a change commits, the cache
 * holds a new snapshot (or none) and the old one's quotes are never served again.
 */
export function createQuoter(deps: AppDeps) {
  const memo = new WeakMap<SubscriptionSnapshot, SecondOfQuotes>();
  return async function quoteJson(caller: Caller, body: ChangeRequestBody): Promise<string> {
    const principal = authorize(caller.principal, "subscription.read");
    const now = deps.clock.now();
    const snapshot = await subscriptionSnapshot(deps, principal.organizationId, now);
    if (!snapshot) throw notFound("The subscription");
    // The core's own granularity: within it, the same body prorates to the same amounts.
    const second = toWholeSecond(now).getTime();
    let quotes = memo.get(snapshot);
    if (quotes?.second !== second || quotes.json.size >= maxQuotesPerSecond) {
      quotes = { second, json: new Map() };
      memo.set(snapshot, quotes);
    }
    const key = JSON.stringify(body);
    let json = quotes.json.get(key);
    if (json === undefined) {
      json = JSON.stringify(quoteFromSnapshot(deps, snapshot, body, now));
      quotes.json.set(key, json);
    }
    return json;
  };
}
