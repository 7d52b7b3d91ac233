import type { AppDeps } from "../../context.js";
import { Coalescer, type Settled } from "../../http/coalescer.js";
import { AppError, notFound } from "../../http/errors.js";
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

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const pgError = cause as { code?: string; constraint?: string; message?: string };
    if (pgError.code === "23505") {
      return pgError.constraint === constraint || String(pgError.message).includes(constraint);
    }
    if (typeof cause !== "object") break;
  }
  return false;
}

/** Attempts per request: the first, and retries after a reset ran or another process won a race. */
const attempts = 4;

export interface SpendCoalescerOptions {
  /** Requests in one transaction at most. */
  maxRequests?: number;
  /** Events in one transaction at most (a group of large batches is written in several). */
  maxEvents?: number;
  /** Transactions written at the same time (PostgreSQL; PGlite has one connection). */
  concurrency?: number;
}

/**
 * Group commit of spends (decision 0104): spend requests without an Idempotency-Key that arrive
 * while a transaction is being written wait for the next one, which then carries all of them, of
 * any organizations, in a fixed number of statements. Each request gets the decision it would get
 * alone, in arrival order.
 *
 * - A cycle that has ended: that organization's due work runs (as the scheduler would), then its
 *   requests are retried.
 * - A unique violation on the event key (a spend recorded by a process that does not lock the
 *   balance row first): the transaction is retried.
 * - Any other error: each request is written on its own, so one bad request fails alone.
 */
export class SpendCoalescer {
  readonly #coalescer: Coalescer<SpendRequest, DecidedSpends>;
  readonly #maxEvents: number;

  constructor(
    private readonly deps: Pick<AppDeps, "db" | "clock" | "catalog" | "databaseKind">,
    options: SpendCoalescerOptions = {},
  ) {
    this.#maxEvents = options.maxEvents ?? 10_000;
    this.#coalescer = new Coalescer((requests) => this.#write(requests), {
      maxBatch: options.maxRequests ?? 1_000,
      concurrency: options.concurrency ?? (deps.databaseKind === "postgres" ? 4 : 1),
    });
  }

  /** Decides one request's events; rejects with 404 (no cycle) or 409 (cycle still ending). */
  submit(request: SpendRequest): Promise<DecidedSpends> {
    return this.#coalescer.submit(request);
  }

  /** Requests waiting for a transaction. */
  get waiting(): number {
    return this.#coalescer.waiting;
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
        decisions = await this.deps.db.transaction((tx) => writeSpends(tx, this.deps.clock, batch));
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
