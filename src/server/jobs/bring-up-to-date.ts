import { sql } from "drizzle-orm";
import { afterCommit } from "../cache/after-commit.js";
import { rowsOf } from "../db/adapter.js";
import type { Transaction } from "../db/client.js";
import { creditResetsRun, renewalsRun } from "../metrics.js";
import { type JobDeps, processDueBatch, runDueWork } from "./run-due-work.js";

/*
 * The one "bring the organization up to date" step, a step of the load of every path: a load that
 * shows the organization's period or credit cycle ended (its `dueAt` is past) runs the due work,
 * with the scheduler's code and locks, then reads again. A load that shows nothing due costs
 * nothing more. Inside each change and spend, the `renewal_due`/`cycle_ended` guards under the row
 * lock stay the guarantee.
 */

/**
 * The step for a load that runs outside a transaction (quotes, GET /subscription, a spend whose
 * cycle ended, the seed). With the `dueAt` its load showed: nothing when it is still ahead (no
 * statement); else the organization's due work runs now in its own transaction (so it happens once,
 * whoever gets there first) and the caches drop what they held about it. Without a `dueAt`, one
 * indexed query finds out. Returns whether the work ran: the caller reads the organization again.
 */
export async function bringUpToDate(
  deps: JobDeps,
  organizationId: string,
  now: Date,
  dueAt?: number,
): Promise<boolean> {
  if (dueAt !== undefined ? now.getTime() < dueAt : !(await anythingDue(deps, organizationId, now))) {
    return false;
  }
  await runDueWork(deps, now, { organizationId, wait: true });
  afterCommit(deps.caches, { organizations: [organizationId] });
  return true;
}

/**
 * The step for a load inside a transaction that already holds the organization's subscription row
 * (a change batch, a change request): its due work runs in that transaction (the claim takes rows
 * that are already ours), batch after batch until nothing is left. Call it when the load showed
 * work due; the caller reads the organization again and, after the commit, drops it from the
 * caches.
 */
export async function bringUpToDateInTransaction(
  tx: Transaction,
  deps: JobDeps,
  organizationId: string,
  now: Date,
): Promise<void> {
  for (let round = 0; round < 1_000; round++) {
    const batch = await processDueBatch(tx, deps, now, { organizationId, wait: true });
    renewalsRun.inc(batch.renewals);
    creditResetsRun.inc(batch.creditResets);
    if (batch.claimed === 0) return;
  }
  throw new Error("the organization's due work did not come to an end");
}

async function anythingDue(deps: JobDeps, organizationId: string, now: Date): Promise<boolean> {
  const rows = rowsOf(
    await deps.db.execute(sql`
    SELECT 1 FROM subscriptions s JOIN credit_balances b ON b.organization_id = s.organization_id
    WHERE s.organization_id = ${organizationId} AND (s.period_end <= ${now.toISOString()}::timestamptz OR b.cycle_end <= ${now.toISOString()}::timestamptz)`),
  );
  return rows.length > 0;
}
