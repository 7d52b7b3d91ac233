import { messages } from "../../../../core/errors.js";
import { AppError, notFound, violationError } from "../../../errors.js";
import type { ChangeItem, PlannedChange } from "./change-item.js";

/**
 * Step 3 of a change batch, check, for one item under the locks: its subscription, the direct
 * save's guards (decision 0011), the version the caller reviewed, then the plan's violations (the
 * `renewal_due` guard among them). The AppError that refuses it, or undefined.
 */
export function checkChange(item: ChangeItem, planned: PlannedChange | undefined): AppError | undefined {
  if (!planned) return notFound("The subscription");
  const { loaded, context, plan } = planned;
  if (item.directSave) {
    if (loaded.organization.requireApproval && item.directSave.role === "billing") {
      return new AppError("approval_required", messages.approvalRequired, 403);
    }
    if (context.changeRequestPending) {
      return new AppError("change_request_pending", messages.changeRequestPending, 409);
    }
  }
  if (item.expectedVersion !== undefined && item.expectedVersion !== loaded.row.version) {
    return new AppError(
      "conflict",
      "The subscription changed since you reviewed it. Review the new cost preview and save again.",
      409,
      "expectedVersion",
    );
  }
  if (plan.violations.length > 0) return violationError(plan.violations);
  return undefined;
}
