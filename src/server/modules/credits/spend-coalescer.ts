import { Coalescer, type Settled } from "../../batching/group-commit.js";
import type { AppDeps } from "../../context.js";
import { isUniqueViolation, servesConcurrentTransactions } from "../../db/adapter.js";
import { retryingTransaction } from "../../db/retry.js";
import { AppError, notFound } from "../../errors.js";
import { runDueWork } from "../../jobs/run-due-work.js";
import { type SpendDecision, type SpendRequest, writeSpends } from "./spend-writer.js";

export type DecidedSpends = Extract<SpendDecision, { kind: "decided" }>;

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
 * Group commit of spends (decision 0104): spend requests without an Idempotency-Key that arrive
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
 */
export class SpendCoalescer {
  readonly #small: Coalescer<SpendRequest, DecidedSpends>;
  readonly #large: Coalescer<SpendRequest, DecidedSpends>;
  readonly #largeFrom: number;
  readonly #maxEvents: number;

  constructor(
    /** With the process's caches, a reset run here drops what they held about the organization. */
    private readonly deps: Pick<AppDeps, "db" | "clock" | "catalog"> & Partial<Pick<AppDeps, "caches">>,
    options: SpendCoalescerOptions = {},
  ) {
    // PGlite has one connection: a second transaction at once would only wait for it.
    const postgres = servesConcurrentTransactions(deps.db);
    this.#largeFrom = options.largeFrom ?? 100;
    this.#maxEvents = options.maxEvents ?? 10_000;
    const write = (requests: readonly SpendRequest[]) => this.#write(requests);
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
  submit(request: SpendRequest): Promise<DecidedSpends> {
    const queue = request.events.length > this.#largeFrom ? this.#large : this.#small;
    return queue.submit(request);
  }

  /** Requests waiting for a transaction. */
  get waiting(): number {
    return this.#small.waiting + this.#large.waiting;
  }

  /** Splits a group so that no transaction carries more than `maxEvents` events (one request at least). */
  async #write(requests: readonly SpendRequest[]): Promise<Settled<DecidedSpends>[]> {
    const settled: Settled<DecidedSpends>[] = [];
    let chunk: SpendRequest[] = [];
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

  async #writeGroup(requests: readonly SpendRequest[]): Promise<Settled<DecidedSpends>[]> {
    const settled: (Settled<DecidedSpends> | undefined)[] = requests.map(() => undefined);
    let pending = requests.map((_, index) => index);
    for (let round = 1; pending.length > 0; round++) {
      const batch = pending.map((index) => requests[index] as SpendRequest);
      let decisions: SpendDecision[];
      try {
        decisions = await retryingTransaction(this.deps.db, (tx) => writeSpends(tx, this.deps.clock, batch));
      } catch (error) {
        if (round < attempts && isUniqueViolation(error, "credit_ledger_event_key")) continue;
        if (pending.length === 1) {
          settled[pending[0] as number] = { ok: false, error };
        } else {
          // One bad request must not fail the others: write each on its own, in arrival order.
          for (const index of pending) {
            [settled[index]] = await this.#writeGroup([requests[index] as SpendRequest]);
          }
        }
        break;
      }
      const ended: number[] = [];
      pending.forEach((index, position) => {
        const decision = decisions[position] as SpendDecision;
        if (decision.kind === "decided") settled[index] = { ok: true, value: decision };
        else if (decision.kind === "no_cycle") settled[index] = { ok: false, error: noCycle() };
        else ended.push(index);
      });
      pending = [];
      if (ended.length === 0) break;
      const organizationIds = [
        ...new Set(ended.map((index) => (requests[index] as SpendRequest).organizationId)),
      ];
      if (round >= attempts) {
        for (const index of ended) {
          settled[index] = {
            ok: false,
            error: new CycleEnded((requests[index] as SpendRequest).organizationId),
          };
        }
        break;
      }
      const failed = new Map<string, unknown>();
      for (const organizationId of organizationIds) {
        try {
          await runDueWork(this.deps, this.deps.clock.now(), { organizationId, wait: true });
        } catch (error) {
          failed.set(organizationId, error);
        }
      }
      for (const index of ended) {
        const organizationId = (requests[index] as SpendRequest).organizationId;
        if (failed.has(organizationId)) settled[index] = { ok: false, error: failed.get(organizationId) };
        else pending.push(index);
      }
    }
    return settled.map((result) => result ?? { ok: false, error: new Error("spend left undecided") });
  }
}
