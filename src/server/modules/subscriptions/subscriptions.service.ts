import type { ChangeRequestBody } from "../../../core/plan-change.js";
import type { AppDeps, Caller } from "../../context.js";
import type { Transaction } from "../../db/client.js";
import { notFound } from "../../errors.js";
import { requireOperator } from "../auth/authenticate.js";
import { authorize } from "../auth/principal.js";
import type { AppliedChange, ChangeItem, ChangeOutcome, ChangeWrite } from "./change/change-item.js";
import { changeWriteOf } from "./change/change-records.js";
import { checkChange } from "./change/check-change.js";
import { executeChangeWrites } from "./change/execute-changes.js";
import { loadChanges } from "./change/load-changes.js";
import { planChanges } from "./change/plan-changes.js";
import { nextInvoiceOf, toSubscriptionDto } from "./subscription-dto.js";
import { subscriptionSnapshot } from "./subscription-snapshot.js";

export type { AppliedChange, ChangeItem, ChangeOutcome } from "./change/change-item.js";
export {
  type QuoteDto,
  quoteOf,
  quoteTax,
  type SubscriptionDto,
  switchDocuments,
  toQuoteDto,
  toScheduledDto,
  toSubscriptionDto,
} from "./subscription-dto.js";

/**
 * GET /subscription: the organization is read once, as the quote's snapshot (from the cache when
 * it holds a current one; an overdue renewal or reset runs first).
 */
export async function getSubscription(deps: AppDeps, caller: Caller) {
  const principal = authorize(caller.principal, "subscription.read");
  const snapshot = await subscriptionSnapshot(deps, principal.organizationId, deps.clock.now());
  if (!snapshot) throw notFound("The subscription");
  return { ...toSubscriptionDto(deps, snapshot.loaded), nextInvoice: nextInvoiceOf(deps, snapshot) };
}

/**
 * A batch of plan changes to DIFFERENT organizations, in the caller's transaction, set-based:
 * load (lock) → plan (src/core) → check → execute, each step a file of `change/`. An item whose
 * guard or rule fails gets its AppError and writes nothing; the others go on. Anything else (a
 * deadlock, a lost connection) throws: the caller's transaction must roll back.
 */
export async function executeChanges(
  tx: Transaction,
  deps: AppDeps,
  items: readonly ChangeItem[],
  options: { commitWithWrites?: boolean; caughtUp?: Set<string> } = {},
): Promise<ChangeOutcome[]> {
  const { now, targets } = await loadChanges(tx, deps, items, options.caughtUp);
  const planned = planChanges(deps, items, targets, now);
  const outcomes: (ChangeOutcome | undefined)[] = new Array(items.length);
  const writes: ChangeWrite[] = [];
  items.forEach((item, index) => {
    const target = planned[index];
    const refusal = checkChange(item, target);
    if (refusal || !target) {
      outcomes[index] = { ok: false, error: refusal ?? notFound("The subscription") };
      return;
    }
    const write = changeWriteOf(deps, index, item, target);
    if ("unchanged" in write) outcomes[index] = { ok: true, value: write.unchanged };
    else writes.push(write);
  });
  const applied = await executeChangeWrites(tx, deps, writes, options);
  for (const [index, value] of applied) outcomes[index] = { ok: true, value };
  return outcomes as ChangeOutcome[];
}

/**
 * One change in the caller's transaction: a batch of one, so the direct save, the approval of a
 * change request and the operator's override share one code path. Throws the item's AppError.
 */
export async function executeChange(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  input: Omit<ChangeItem, "caller">,
): Promise<AppliedChange> {
  const [outcome] = await executeChanges(tx, deps, [{ ...input, caller }]);
  if (!outcome) throw new Error("executeChanges returned nothing");
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The direct save (Save Changes) of one caller, as a batch item; authorizes the caller. */
export function directSaveItem(
  caller: Caller,
  body: ChangeRequestBody & { expectedVersion?: number | undefined },
): ChangeItem {
  const principal = authorize(caller.principal, "subscription.change");
  const { expectedVersion, ...change } = body;
  return {
    caller,
    organizationId: principal.organizationId,
    change,
    expectedVersion,
    action: "subscription.changed",
    directSave: { role: principal.role },
  };
}

/**
 * Support override (operator token): the same change path, allowed to move a yearly subscription
 * to monthly mid-term. The reason is required and audited.
 */
export async function overrideChange(
  tx: Transaction,
  deps: AppDeps,
  caller: Caller,
  organizationId: string,
  body: ChangeRequestBody & { reason: string },
) {
  requireOperator(caller.principal);
  const { reason, ...change } = body;
  const { subscription, invoice } = await executeChange(tx, deps, caller, {
    organizationId,
    change,
    allowIntervalDowngrade: true,
    action: "subscription.overridden",
    reason,
  });
  return { subscription, invoice };
}
