import { Coalescer, type Settled } from "../../batching/group-commit.js";
import { claimIdOf, idempotencyKeyConstraint } from "../../batching/idempotency.js";
import type { AppDeps } from "../../context.js";
import { batchTransaction, isUniqueViolation, servesConcurrentTransactions } from "../../db/adapter.js";
import type { Transaction } from "../../db/client.js";
import { retrying } from "../../db/retry.js";
import { AppError, notFound } from "../../errors.js";
import { bringUpToDate } from "../../jobs/bring-up-to-date.js";
import { executeSpends } from "./spend/execute-spends.js";
import { loadSpends } from "./spend/load-spends.js";
import { planSpendAnswers } from "./spend/plan-spends-answers.js";
import type { DecidedSpends, SpendAnswer, SpendSubmission, Written } from "./spend/spend-types.js";
import type { SpendRequest } from "./spend-writer.js";

export type { DecidedSpends, SpendAnswer, SpendSubmission } from "./spend/spend-types.js";

/** A key that another request of the same group claims first waits for the next round. */
function claimedTwice(requests: readonly SpendSubmission[], pending: readonly number[]): Set<number> {
  const seen = new Set<string>();
  const later = new Set<number>();
  for (const index of pending) {
    const claim = requests[index]?.idempotency?.claim;
    if (!claim) continue;
    const id = claimIdOf(claim);
    if (seen.has(id)) later.add(index);
    else seen.add(id);
  }
  return later;
}

const organizationOf = (requests: readonly SpendSubmission[], index: number) =>
  (requests[index] as SpendSubmission).organizationId;

/**
 * Settles the requests a transaction decided or answered; returns those to run again: whose cycle
 * ended (after the reset; with, per organization, when its cycle ended) and keyed refusals whose
 * key was not looked up.
 */
function settleWritten(
  requests: readonly SpendSubmission[],
  indexes: readonly number[],
  written: readonly Written[],
  settled: (Settled<SpendAnswer> | undefined)[],
) {
  const ended: number[] = [];
  const unchecked: number[] = [];
  const dueAt = new Map<string, number>();
  indexes.forEach((index, position) => {
    const result = written[position] as Written;
    if (result.kind === "answered") settled[index] = result.settled;
    else if (result.kind === "decided") settled[index] = { ok: true, value: { decided: result } };
    else if (result.kind === "no_cycle") settled[index] = { ok: false, error: noCycle() };
    else if (result.kind === "key_unchecked") unchecked.push(index);
    else {
      ended.push(index);
      dueAt.set(organizationOf(requests, index), result.cycleEnd.getTime());
    }
  });
  return { ended, unchecked, dueAt };
}

/**
 * One transaction of the spend door; with or without keys it sends the same statements (on
 * PostgreSQL the first two are sent at once, `runInTurn`):
 * - load: lock the group's balance rows; then ONE statement reads the event ids already recorded
 *   and, once a stored key made a round fail, the keys (a replay or a reused key is answered at
 *   once; `readTogether`);
 * - plan: decide the other requests' spends (planSpends) and the responses their keys keep;
 * - check and execute: ONE statement writes the ledger entries, debits the balances and stores the
 *   kept keys (`spendsRecord` with the keys' insert alongside); the balances it returns must be
 *   the planned ones (checkSpendBalances); then the notices, if any.
 *
 * No claim row: a key's scope lies in one organization, whose spends run one after another under
 * its balance row's lock, so a duplicate sent meanwhile waits for that lock and then reads the
 * stored response (decision 0041). The keys are first not looked up (decision 0141): a key stored
 * before fails the key's insert (a unique violation), and the group runs again with the lookup;
 * a keyed refusal, which would store nothing, runs again with the lookup too.
 */
async function spendInTransaction(
  tx: Transaction,
  deps: Pick<AppDeps, "clock" | "sealingKey">,
  requests: readonly SpendSubmission[],
  lookUpKeys: boolean,
): Promise<Written[]> {
  const loaded = await loadSpends(tx, requests, { sealingKey: deps.sealingKey, lookUpKeys });
  // Read once the balance rows are ours: a reset that ran while we waited is in the past of it.
  const now = deps.clock.now();
  const planned = planSpendAnswers(requests, loaded, { now, keysLookedUp: lookUpKeys });
  await executeSpends(tx, planned, now, deps.sealingKey);
  return planned.written;
}

/** The cycle ended and its reset has not run yet: run it, then spend in the new cycle. */
export class CycleEnded extends AppError {
  constructor(readonly organizationId: string) {
    super("renewal_due", "The credit cycle has ended and its reset is running. Try again shortly.", 409);
  }
}

export const noCycle = () => notFound("The organization's credit cycle");

/** Attempts per request: the first, and retries after a reset ran or another process won a race. */
const attempts = 4;

export interface SpendQueueOptions {
  /** Requests in one transaction at most. */
  maxRequests: number;
  /** Transactions written at the same time, each on its own connection. */
  concurrency: number;
}

export interface SpendCoalescerOptions {
  /** Single events and small batches. */
  small?: Partial<SpendQueueOptions>;
  /** Batches of more than `largeFrom` events. */
  large?: Partial<SpendQueueOptions>;
  /** A request with more events than this goes to the queue of large requests. */
  largeFrom?: number;
  /** Events in one transaction at most (a longer group is written in several, one after another). */
  maxEvents?: number;
}

/**
 * The one door of spends. Group commit (decision 0104): spend requests that arrive
 * while a transaction is being written wait for the next one, which then carries all of them, of
 * any organizations, in a fixed number of statements. Each request gets the decision it would get
 * alone, in arrival order.
 *
 * Small requests (single events) and large batches queue apart: a transaction carries many small
 * requests, or a few large ones, so that large batches of different organizations still run on
 * several connections at once.
 *
 * - A cycle that has ended: that organization's due work runs (as the scheduler would), then its
 *   requests are retried.
 * - A unique violation on the event key (a spend recorded by a process that does not lock the
 *   balance row first): the transaction is retried.
 * - Any other error: each request is written on its own, so one bad request fails alone.
 *
 * A request with an Idempotency-Key goes the same way: its claim, replay and settlement are a step
 * of the group's transaction (decision 0040); the caller authorized it before it came here.
 */
export class SpendCoalescer {
  readonly #small: Coalescer<SpendSubmission, SpendAnswer>;
  readonly #large: Coalescer<SpendSubmission, SpendAnswer>;
  readonly #largeFrom: number;
  readonly #maxEvents: number;

  constructor(
    /** With the process's caches, a reset run here drops what they held about the organization. */
    private readonly deps: Pick<AppDeps, "db" | "clock" | "catalog" | "seller" | "sealingKey"> &
      Partial<Pick<AppDeps, "caches">>,
    options: SpendCoalescerOptions = {},
  ) {
    // PGlite has one connection: a second transaction at once would only wait for it.
    const postgres = servesConcurrentTransactions(deps.db);
    this.#largeFrom = options.largeFrom ?? 100;
    this.#maxEvents = options.maxEvents ?? 10_000;
    const write = (requests: readonly SpendSubmission[]) => this.#write(requests);
    this.#small = new Coalescer(write, {
      maxBatch: options.small?.maxRequests ?? 1_000,
      // Two, not more: the fewer transactions, the more requests each carries (measured best on the
      // 2-core machine); a second one keeps spends going while the first waits for a locked row.
      concurrency: options.small?.concurrency ?? (postgres ? 2 : 1),
    });
    this.#large = new Coalescer(write, {
      maxBatch: options.large?.maxRequests ?? 4,
      concurrency: options.large?.concurrency ?? (postgres ? 4 : 1),
    });
  }

  /** Decides one request's events; rejects with 404 (no cycle) or 409 (cycle still ending). */
  async submit(request: SpendRequest): Promise<DecidedSpends> {
    const answer = await this.answer(request);
    if (!("decided" in answer))
      throw new Error("a spend without an Idempotency-Key answered with a response");
    return answer.decided;
  }

  /** Answers one request: its decision, or with an Idempotency-Key the response its key keeps. */
  answer(request: SpendSubmission): Promise<SpendAnswer> {
    const queue = request.events.length > this.#largeFrom ? this.#large : this.#small;
    return queue.submit(request);
  }

  /** Requests waiting for a transaction. */
  get waiting(): number {
    return this.#small.waiting + this.#large.waiting;
  }

  /** Splits a group so that no transaction carries more than `maxEvents` events (one request at least). */
  async #write(requests: readonly SpendSubmission[]): Promise<Settled<SpendAnswer>[]> {
    const settled: Settled<SpendAnswer>[] = [];
    let chunk: SpendSubmission[] = [];
    let events = 0;
    for (const request of requests) {
      if (chunk.length > 0 && events + request.events.length > this.#maxEvents) {
        settled.push(...(await this.#writeGroup(chunk)));
        chunk = [];
        events = 0;
      }
      chunk.push(request);
      events += request.events.length;
    }
    if (chunk.length > 0) settled.push(...(await this.#writeGroup(chunk)));
    return settled;
  }

  /**
   * Rounds of transactions until every request of the group is settled: a key another request of
   * the group uses waits for the next round; a lost race runs again (after a stored key, with the
   * keys looked up); an ended cycle's reset runs between rounds; any other failure writes each
   * request on its own.
   */
  async #writeGroup(requests: readonly SpendSubmission[]): Promise<Settled<SpendAnswer>[]> {
    const settled: (Settled<SpendAnswer> | undefined)[] = requests.map(() => undefined);
    let pending = requests.map((_, index) => index);
    let lookUpKeys = false;
    for (let round = 1; pending.length > 0; round++) {
      const waiting = claimedTwice(requests, pending);
      const now = pending.filter((index) => !waiting.has(index));
      const attempt = await this.#attempt(
        now.map((index) => requests[index] as SpendSubmission),
        lookUpKeys,
      );
      if (!attempt.ok) {
        if (round < attempts && attempt.lostRace) {
          lookUpKeys ||= attempt.keyStored;
          continue;
        }
        await this.#writeAlone(requests, pending, settled, attempt.error);
        break;
      }
      const { ended, unchecked, dueAt } = settleWritten(requests, now, attempt.written, settled);
      pending = [...waiting, ...unchecked].sort((a, b) => a - b);
      if (unchecked.length > 0) lookUpKeys = true;
      if (ended.length === 0) continue;
      if (round >= attempts) {
        for (const index of ended)
          settled[index] = { ok: false, error: new CycleEnded(organizationOf(requests, index)) };
        continue;
      }
      pending = [...pending, ...(await this.#resetEnded(requests, ended, dueAt, settled))].sort(
        (a, b) => a - b,
      );
    }
    return settled.map((result) => result ?? { ok: false, error: new Error("spend left undecided") });
  }

  /** One transaction of the group; a unique violation of an event id or a key is a lost race. */
  async #attempt(batch: readonly SpendSubmission[], lookUpKeys: boolean) {
    try {
      const written = await retrying(() =>
        batchTransaction(this.deps.db, (tx) => spendInTransaction(tx, this.deps, batch, lookUpKeys)),
      );
      return { ok: true as const, written };
    } catch (error) {
      // Another writer recorded one of the event ids, or the key was stored before: run again.
      const keyStored = isUniqueViolation(error, idempotencyKeyConstraint);
      const lostRace = keyStored || isUniqueViolation(error, "credit_ledger_event_key");
      return { ok: false as const, error, lostRace, keyStored };
    }
  }

  /** One bad request must not fail the others: each is written on its own, in arrival order. */
  async #writeAlone(
    requests: readonly SpendSubmission[],
    pending: readonly number[],
    settled: (Settled<SpendAnswer> | undefined)[],
    error: unknown,
  ): Promise<void> {
    if (pending.length === 1) {
      settled[pending[0] as number] = { ok: false, error };
      return;
    }
    for (const index of pending) {
      [settled[index]] = await this.#writeGroup([requests[index] as SpendSubmission]);
    }
  }

  /**
   * The up-to-date step of the spend door's load: the load showed these requests' cycles ended, so
   * each organization's reset runs (its own transaction). Returns the requests to run again; those
   * whose reset failed are settled with its error.
   */
  async #resetEnded(
    requests: readonly SpendSubmission[],
    ended: readonly number[],
    dueAt: ReadonlyMap<string, number>,
    settled: (Settled<SpendAnswer> | undefined)[],
  ): Promise<number[]> {
    const failed = new Map<string, unknown>();
    for (const [organizationId, due] of dueAt) {
      try {
        await bringUpToDate(this.deps, organizationId, this.deps.clock.now(), due);
      } catch (error) {
        failed.set(organizationId, error);
      }
    }
    return ended.filter((index) => {
      const organizationId = organizationOf(requests, index);
      if (failed.has(organizationId)) settled[index] = { ok: false, error: failed.get(organizationId) };
      return !failed.has(organizationId);
    });
  }
}
