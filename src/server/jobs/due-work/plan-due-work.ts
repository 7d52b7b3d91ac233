import { planDueWork } from "../../../core/due-work.js";
import type { ClaimedSubscription } from "../due-work.repository.js";
import type { JobDeps, PlannedDueWork, PlannedRenewal } from "./due-work-types.js";

/**
 * Step 2 of a due-work batch, plan: each claimed subscription's renewals and credit resets in
 * time order, by the pure `planDueWork` of src/core, and the renewals among them.
 */
export function planDueBatch(
  deps: Pick<JobDeps, "catalog">,
  claimed: readonly ClaimedSubscription[],
  now: Date,
): { plans: PlannedDueWork[]; renewals: PlannedRenewal[] } {
  const plans = claimed.map((subscription) => ({
    subscription,
    plan: planDueWork({ state: subscription.state, cycle: subscription.cycle, catalog: deps.catalog, now }),
  }));
  const renewals = plans.flatMap(({ subscription, plan }) =>
    plan.steps.flatMap((step) => (step.kind === "renewal" ? [{ subscription, step }] : [])),
  );
  return { plans, renewals };
}
