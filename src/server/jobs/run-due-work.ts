import { afterCommit } from "../cache/after-commit.js";
import type { Executor, Transaction } from "../db/client.js";
import { retryingTransaction } from "../db/retry.js";
import { creditResetsRun, renewalsRun } from "../metrics.js";
import { renewalsToInvoice } from "./due-work/check-due-work.js";
import type { DueWorkOptions, DueWorkResult, JobDeps } from "./due-work/due-work-types.js";
import { executeDueWork } from "./due-work/execute-due-work.js";
import { loadDueWork } from "./due-work/load-due-work.js";
import { planDueBatch } from "./due-work/plan-due-work.js";
import { type ClaimCursor, earliestRenewal } from "./due-work.repository.js";

export type { DueWorkOptions, DueWorkResult, JobDeps } from "./due-work/due-work-types.js";

const emptyResult = (): DueWorkResult => ({ subscriptions: 0, renewals: 0, creditResets: 0, batches: 0 });

/**
 * One transaction: claim a batch of due subscriptions (rows locked), plan each one's renewals and
 * credit resets in time order (pure), then write every invoice, ledger entry, new cycle, new
 * period and audit event of the batch in a handful of set-based statements: load → plan → check →
 * execute, each step a file of `due-work/`.
 */
export async function processDueBatch(
  tx: Transaction,
  deps: JobDeps,
  now: Date,
  options: DueWorkOptions & { after?: ClaimCursor | undefined } = {},
): Promise<DueWorkResult & { claimed: number; cursor: ClaimCursor | undefined }> {
  const { claimed, cursor } = await loadDueWork(tx, now, options);
  const result = { ...emptyResult(), claimed: claimed.length, batches: 1, cursor };
  if (claimed.length === 0) return result;
  const { plans, renewals } = planDueBatch(deps, claimed, now);
  const toInvoice = await renewalsToInvoice(tx, renewals);
  const done = await executeDueWork(tx, deps, plans, toInvoice, now);
  return { ...result, ...done };
}

/**
 * Runs every renewal and credit reset due at `now`, batch after batch (one transaction each),
 * until nothing due is left that this process may claim. Safe to run in several processes at once.
 */
export async function runDueWork(
  deps: JobDeps,
  now: Date,
  options: DueWorkOptions = {},
): Promise<DueWorkResult> {
  if (options.organizationId) return runDueWorkUntil(deps, now, options);
  // Numbers follow issue dates across organizations (issue 15): a long catch-up goes forward one
  // renewal day at a time, so every renewal of an earlier day is numbered before any of a later
  // one (within a step, a batch numbers its renewals in time order).
  const total = emptyResult();
  let previous: Date | undefined;
  for (let step = 0; step < 1_000_000; step++) {
    const horizon = await nextRenewalHorizon(deps.db, now, previous);
    previous = horizon;
    const done = await runDueWorkUntil(deps, horizon, options);
    total.subscriptions += done.subscriptions;
    total.renewals += done.renewals;
    total.creditResets += done.creditResets;
    total.batches += done.batches;
    if (horizon.getTime() >= now.getTime()) break;
  }
  return total;
}

const dayMs = 86_400_000;
const startOfUtcDay = (instant: Date) => Math.floor(instant.getTime() / dayMs) * dayMs;

/**
 * How far the next step of a catch-up to `target` goes: to the end of the day of the earliest
 * renewal still due anywhere, so renewals are numbered day by day across organizations. Rows
 * another process holds (skipped while locked) keep that renewal where it was: a step that would
 * not advance goes to `target` instead (that process numbers those rows).
 */
export async function nextRenewalHorizon(executor: Executor, target: Date, previous?: Date): Promise<Date> {
  const earliest = await earliestRenewal(executor);
  if (!earliest || earliest.getTime() >= target.getTime()) return target;
  const horizon = Math.min(target.getTime(), startOfUtcDay(earliest) + dayMs);
  if (previous && horizon <= previous.getTime()) return target;
  return new Date(horizon);
}

async function runDueWorkUntil(deps: JobDeps, now: Date, options: DueWorkOptions): Promise<DueWorkResult> {
  const total = emptyResult();
  let after: ClaimCursor | undefined;
  // Bounded: a batch that claims rows always moves each of them forward. A walk that reaches the
  // end starts over once from the beginning, for rows with more work left or skipped while locked.
  for (let round = 0; round < 1_000_000; round++) {
    const batch = await retryingTransaction(deps.db, (tx) =>
      processDueBatch(tx, deps, now, { ...options, after }),
    );
    if (batch.claimed > 0)
      afterCommit(deps.caches, { organizations: options.organizationId ? [options.organizationId] : "all" });
    total.subscriptions += batch.subscriptions;
    total.renewals += batch.renewals;
    total.creditResets += batch.creditResets;
    renewalsRun.inc(batch.renewals);
    creditResetsRun.inc(batch.creditResets);
    total.batches++;
    if (batch.claimed > 0) after = batch.cursor;
    else if (after) after = undefined;
    else break;
  }
  return total;
}
