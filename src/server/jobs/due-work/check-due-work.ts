import type { Transaction } from "../../db/client.js";
import { findRenewalInvoices, renewalKey } from "../due-work.repository.js";
import type { PlannedRenewal } from "./due-work-types.js";

/**
 * Step 3 of a due-work batch, check: a renewal already invoiced (it cannot be while the row is
 * locked, but the unique key says so for certain) moves the period on without a second invoice.
 * Comes to the renewals to invoice, in time order (their numbers follow it).
 */
export async function renewalsToInvoice(
  tx: Transaction,
  renewals: readonly PlannedRenewal[],
): Promise<PlannedRenewal[]> {
  const invoiced = await findRenewalInvoices(
    tx,
    renewals.map(({ subscription, step }) => ({
      organizationId: subscription.organizationId,
      periodStart: step.period.start,
    })),
  );
  return renewals
    .filter(
      ({ subscription, step }) => !invoiced.has(renewalKey(subscription.organizationId, step.period.start)),
    )
    .sort((a, b) => a.step.at.getTime() - b.step.at.getTime());
}
