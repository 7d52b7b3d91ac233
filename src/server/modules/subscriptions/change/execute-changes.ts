import { creditCycleContaining, monthlyAllocation } from "../../../../core/credits.js";
import type { AppDeps } from "../../../context.js";
import type { Transaction } from "../../../db/client.js";
import { runWrites } from "../../../db/writes.js";
import { auditEventWrites } from "../../audit/audit.repository.js";
import { creditGrantWrites, startCreditCycle } from "../../credits/credits.repository.js";
import { invoiceWrites } from "../../invoices/invoices.repository.js";
import { snapshotOf } from "../load-subscription-snapshot.js";
import { quoteTax, toQuoteDto } from "../subscription-dto.js";
import { subscriptionWrites } from "../subscriptions.repository.js";
import type { AppliedChange, ChangeWrite } from "./change-item.js";
import { changeRecords } from "./change-records.js";
import { issueSwitchCreditNote } from "./issue-switch-credit-note.js";

/**
 * Step 4 of a change batch, execute: a change of interval restarts its credit cycle first (rare,
 * statements of its own); then every write of the batch in ONE statement, just before commit (the
 * subscriptions, the credit grants with their ledger entries, the audit events, and the invoices
 * with consecutive numbers: the deployment-wide counter row is held from there to the commit);
 * then the credit note of each split change. Comes to each written item's applied change.
 */
export async function executeChangeWrites(
  tx: Transaction,
  deps: Pick<AppDeps, "catalog" | "seller">,
  writes: readonly ChangeWrite[],
  options: { commitWithWrites?: boolean },
): Promise<Map<number, AppliedChange>> {
  for (const write of writes.filter((candidate) => candidate.plan.restartsPeriod)) {
    const { next, now } = write.plan;
    await startCreditCycle(tx, {
      organizationId: write.item.organizationId,
      cycle: creditCycleContaining(next.periodStart, next.periodStart),
      allocation: monthlyAllocation(deps.catalog, next.seats, next.additionalCreditBlocks),
      now,
    });
  }
  const grants = writes.filter((write) => !write.plan.restartsPeriod && write.plan.creditGrant > 0);
  const { invoiced, newInvoices, subscriptionOf, audits } = changeRecords(deps, writes);
  const [, granted, , issued] = await runWrites(
    tx,
    [
      subscriptionWrites(writes.map((write) => write.row)),
      creditGrantWrites(
        grants.map((write) => ({
          organizationId: write.item.organizationId,
          credits: write.plan.creditGrant,
          at: write.plan.now,
        })),
      ),
      auditEventWrites(audits),
      invoiceWrites(newInvoices),
    ],
    // A credit note references its invoice: written after it, so the COMMIT cannot go with it.
    { commit: (options.commitWithWrites ?? false) && !writes.some((write) => write.documents.split) },
  );
  if (granted.size !== grants.length) throw new Error("no credit cycle for the organization");
  const invoices = new Map(invoiced.map((write, position) => [write.index, issued[position]]));
  const applied = new Map<number, AppliedChange>();
  for (const write of writes) {
    let invoice = invoices.get(write.index) ?? null;
    if (invoice && write.documents.split) invoice = await issueSwitchCreditNote(tx, write, invoice);
    applied.set(write.index, {
      subscription: subscriptionOf(write),
      invoice,
      quote: toQuoteDto(write.plan, quoteTax(deps, write.context.billTo, write.plan), write.documents),
      snapshot: snapshotAfter(write),
    });
  }
  return applied;
}

/** What a quote reads after a direct save that kept its period (undefined otherwise). */
function snapshotAfter(write: ChangeWrite) {
  if (!write.item.directSave || write.plan.restartsPeriod) return undefined;
  // A direct save was refused had a request been pending, and it starts none.
  return snapshotOf(
    { row: write.row, organization: write.loaded.organization },
    { ...write.context, changeRequestPending: false },
  );
}
