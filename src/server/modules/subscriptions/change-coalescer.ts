import { Coalescer, type CoalescerOptions, type Settled } from "../../batching/group-commit.js";
import {
  claimBatchKeys,
  type IdempotencyClaim,
  KeySettlement,
  type MutationResult,
} from "../../batching/idempotency.js";
import { afterCommit } from "../../cache/after-commit.js";
import type { AppDeps } from "../../context.js";
import { batchTransaction, ErrorAfterCommit } from "../../db/adapter.js";
import type { Transaction } from "../../db/client.js";
import { retrying } from "../../db/retry.js";
import { AppError } from "../../errors.js";
import type { SubscriptionSnapshot } from "./load-subscription-snapshot.js";
import { type ChangeItem, executeChanges } from "./subscriptions.service.js";

/** A direct save (POST /subscription/changes) waiting for its batch. */
export interface DirectSave {
  item: ChangeItem;
  /** With an Idempotency-Key: its claim, in the organization's scope. */
  idempotency?: IdempotencyClaim | undefined;
}

export type ChangeCoalescer = Coalescer<DirectSave, MutationResult<unknown>>;

// One batch at a time: two measured slower (decision 0017), the second waiting on the invoice counter.
export const changeBatchOptions: CoalescerOptions = { maxBatch: 64, concurrency: 1 };

/**
 * Group commit of direct saves (decision 0012): the saves that arrive while a batch is being
 * written go together in the next one, in one transaction, so the invoice counter row and the
 * commit's fsync are taken once per batch instead of once per change.
 */
export function createChangeCoalescer(deps: AppDeps, options: CoalescerOptions = changeBatchOptions) {
  return new Coalescer<DirectSave, MutationResult<unknown>>(
    (saves) => writeDirectSaves(deps, saves),
    options,
  );
}

/**
 * Writes a batch of direct saves; each settles with its own response or AppError. A batch holds one
 * change per organization: a second save of an organization goes into a following transaction
 * (round), which sees the first one's result, as it would have had it arrived later.
 */
export async function writeDirectSaves(
  deps: AppDeps,
  saves: readonly DirectSave[],
): Promise<Settled<MutationResult<unknown>>[]> {
  const results: Settled<MutationResult<unknown>>[] = new Array(saves.length);
  for (const round of roundsByOrganization(saves)) {
    const settled = await writeRound(
      deps,
      round.map((index) => saves[index] as DirectSave),
    );
    round.forEach((index, position) => {
      results[index] = settled[position] as Settled<MutationResult<unknown>>;
    });
  }
  return results;
}

/**
 * A batch whose COMMIT went out with its writes and then failed before its answers were read (a
 * connection lost mid-commit, or a bug after it): the change may well be saved. A plain retry
 * could apply a delta twice, so the answer says to look first.
 */
function answerLostAfterCommit(): AppError {
  return new AppError(
    "outcome_unknown",
    "The change may have been saved, but its answer was lost. Reload the subscription before trying again (a retry with the same Idempotency-Key is always safe).",
    503,
  );
}

/** The k-th save of each organization goes into round k, in arrival order. */
function roundsByOrganization(saves: readonly DirectSave[]): number[][] {
  const seen = new Map<string, number>();
  const rounds: number[][] = [];
  saves.forEach((save, index) => {
    const round = seen.get(save.item.organizationId) ?? 0;
    seen.set(save.item.organizationId, round + 1);
    if (round === rounds.length) rounds.push([]);
    rounds[round]?.push(index);
  });
  return rounds;
}

/**
 * One transaction for the round. Should it fail as a whole (a deadlock, a unique violation, a lost
 * connection: anything but the per-item AppErrors), each save runs again in its own transaction, so
 * one bad item never fails the others.
 */
async function writeRound(
  deps: AppDeps,
  saves: readonly DirectSave[],
): Promise<Settled<MutationResult<unknown>>[]> {
  let settled: Settled<MutationResult<unknown>>[];
  const snapshots = new Map<string, SubscriptionSnapshot>();
  // Organizations whose overdue renewal or reset the batch ran (its load's up-to-date step).
  const caughtUp = new Set<string>();
  // Taken before the transaction: a change committed by anyone after it keeps our snapshot out.
  const ticket = deps.caches.subscriptions.ticket();
  try {
    // A deadlock's victim runs again as a whole (decision 0019) before any per-change fallback.
    settled = await retrying(() =>
      batchTransaction(deps.db, (tx) => {
        caughtUp.clear();
        return saveInTransaction(tx, deps, saves, snapshots, caughtUp);
      }),
    );
  } catch (error) {
    if (error instanceof ErrorAfterCommit) {
      // Written, but its answers are lost: nobody may write it again, and nothing cached is current.
      deps.log.error({ err: error.error, changes: saves.length }, "change batch failed after its commit");
      afterCommit(deps.caches, { organizations: saves.map((save) => save.item.organizationId) });
      return saves.map(() => ({ ok: false, error: answerLostAfterCommit() }));
    }
    if (saves.length === 1) return [{ ok: false, error }];
    deps.log.warn({ err: error, changes: saves.length }, "change batch failed; each change runs on its own");
    const one: Settled<MutationResult<unknown>>[] = [];
    for (const save of saves) one.push(...(await writeRound(deps, [save])));
    return one;
  }
  // Committed: the organizations' quote snapshots are what this transaction left (or unknown).
  afterCommit(deps.caches, {
    organizations: [
      ...new Set([
        ...saves.flatMap((save, index) => (settled[index]?.ok ? [save.item.organizationId] : [])),
        ...caughtUp,
      ]),
    ],
    snapshots: { ticket, byOrganization: snapshots },
  });
  return settled;
}

/**
 * Claims the batch's idempotency keys (one statement), answers replays from their stored
 * responses, applies the other changes set-based, then keeps the responses of the applied ones
 * and releases the keys of the refused ones (one statement).
 */
async function saveInTransaction(
  tx: Transaction,
  deps: AppDeps,
  saves: readonly DirectSave[],
  snapshots: Map<string, SubscriptionSnapshot>,
  caughtUp: Set<string>,
): Promise<Settled<MutationResult<unknown>>[]> {
  const results = await claimBatchKeys(
    tx,
    saves.map((save) => save.idempotency),
    { now: deps.clock.now(), sealingKey: deps.sealingKey },
  );
  const keyed = saves.filter((save) => save.idempotency);

  const toApply = saves.flatMap((_, index) => (results[index] === undefined ? [index] : []));
  // Without keys to settle, the writes are the transaction's last statement: its COMMIT goes with them.
  const outcomes = await executeChanges(
    tx,
    deps,
    toApply.map((index) => (saves[index] as DirectSave).item),
    { commitWithWrites: keyed.length === 0, caughtUp },
  );
  const keys = new KeySettlement();
  outcomes.forEach((outcome, position) => {
    const index = toApply[position] as number;
    const claim = (saves[index] as DirectSave).idempotency;
    if (!outcome.ok) {
      results[index] = { ok: false, error: outcome.error };
      if (claim) keys.release(claim);
      return;
    }
    if (outcome.value.snapshot)
      snapshots.set((saves[index] as DirectSave).item.organizationId, outcome.value.snapshot);
    const response = {
      statusCode: 200,
      body: { subscription: outcome.value.subscription, invoice: outcome.value.invoice },
    };
    results[index] = { ok: true, value: claim ? keys.keep(claim, response) : response };
  });
  await keys.write(tx, deps.sealingKey);
  return results as Settled<MutationResult<unknown>>[];
}
