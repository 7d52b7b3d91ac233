import { planChange, resolveChange } from "../../../../core/plan-change.js";
import type { AppDeps } from "../../../context.js";
import type { ChangeItem, ChangeTarget, PlannedChange } from "./change-item.js";

/**
 * Step 2 of a change batch, plan: each item's change on its locked state, by the pure
 * `planChange` of src/core (the same code the quote and the web preview run). Nothing is refused
 * here: the check step reads the plan's violations.
 */
export function planChanges(
  deps: Pick<AppDeps, "catalog">,
  items: readonly ChangeItem[],
  targets: readonly (ChangeTarget | undefined)[],
  now: Date,
): (PlannedChange | undefined)[] {
  return items.map((item, index) => {
    const target = targets[index];
    if (!target) return undefined;
    const plan = planChange({
      state: target.loaded.state,
      change: resolveChange(target.loaded.state, item.change),
      catalog: deps.catalog,
      now,
      allowIntervalDowngrade: item.allowIntervalDowngrade ?? false,
    });
    return { ...target, plan };
  });
}
