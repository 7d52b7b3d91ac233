import { allocateBatch, crossedThresholds, type SpendOutcome } from "../../../core/credits.js";
import {
  type CycleSnapshot,
  creditBalancesLock,
  type NewCreditNotice,
  type NewSpendEntry,
  type NewSpends,
  type RecordedEvent,
  recordedSpends,
} from "./credits.repository.js";
import type { SpendEventBody } from "./credits.schemas.js";

/** One request's spends: a single event or a batch, of one organization, decided in order. */
export interface SpendRequest {
  organizationId: string;
  events: readonly SpendEventBody[];
}

export type SpendDecision =
  | {
      kind: "decided";
      /** The cycle charged; its balance is the one right after this request's events. */
      cycle: CycleSnapshot;
      /** One per event, in order (allocateBatch's). */
      outcomes: SpendOutcome[];
      /** Credits this request spent (repeats and refusals spend nothing). */
      spent: number;
      /** When the first occurrence of each repeated event id of this request occurred. */
      firstOccurredAt: ReadonlyMap<string, Date>;
    }
  /** The organization has no credit cycle. */
  | { kind: "no_cycle" }
  /** The cycle ended and its reset has not run: nothing of this request was written. */
  | { kind: "cycle_ended"; cycleEnd: Date };

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The locks and reads of a spend transaction, in the order they run (`runInTurn`). */
export function spendReads(requests: readonly SpendRequest[]) {
  const eventIds = new Map<string, Set<string>>();
  for (const request of requests) {
    let ids = eventIds.get(request.organizationId);
    if (!ids) {
      ids = new Set();
      eventIds.set(request.organizationId, ids);
    }
    for (const event of request.events) ids.add(event.eventId);
  }
  return {
    /** The balance rows, locked in organization order: an organization's spends run one after another. */
    lock: creditBalancesLock([...eventIds.keys()].sort()),
    /**
     * The event ids already recorded. Run after the lock (a statement of its own, with a snapshot
     * taken once the lock is held), so no other spend of those organizations commits in between.
     */
    recorded: recordedSpends(eventIds),
  };
}

/** What a spend transaction writes, and each request's decision. */
export interface SpendPlan {
  decisions: SpendDecision[];
  spends: NewSpends[];
  notices: NewCreditNotice[];
  /** Each debited organization's balance after the writes. */
  planned: Map<string, number>;
}

/**
 * Decides the spends of many requests, of many organizations, from their locked balance rows and
 * already recorded event ids: each organization's events in arrival order by the pure
 * `allocateBatch` (exactly as one-by-one spends would be), the ledger entries to write and the
 * low-balance notices each request crossed. `now` is read after the rows are locked (a reset that
 * ran while the transaction waited is then in the past of it).
 */
export function planSpends(
  requests: readonly SpendRequest[],
  cycles: ReadonlyMap<string, CycleSnapshot>,
  recorded: ReadonlyMap<string, ReadonlyMap<string, RecordedEvent>>,
  now: Date,
): SpendPlan {
  const decisions: SpendDecision[] = requests.map((request) => {
    const cycle = cycles.get(request.organizationId);
    if (!cycle) return { kind: "no_cycle" };
    if (cycle.cycleEnd.getTime() <= now.getTime()) return { kind: "cycle_ended", cycleEnd: cycle.cycleEnd };
    return { kind: "decided", cycle, outcomes: [], spent: 0, firstOccurredAt: new Map() };
  });
  const open = requests
    .map((request, index) => ({ request, index }))
    .filter(({ index }) => decisions[index]?.kind === "decided");

  const spends: NewSpends[] = [];
  const notices: NewCreditNotice[] = [];
  const planned = new Map<string, number>();
  for (const [organizationId, group] of groupBy(open, ({ request }) => request.organizationId)) {
    const cycle = cycles.get(organizationId) as CycleSnapshot;
    const known = recorded.get(organizationId) ?? new Map<string, RecordedEvent>();
    const events =
      group.length === 1 ? (group[0]?.request.events ?? []) : group.flatMap(({ request }) => request.events);
    const batch = allocateBatch({ balance: cycle.balance, events, recorded: known });
    const entries: NewSpendEntry[] = [];
    // When each event id accepted here occurred (a repeat answers with its first occurrence).
    const acceptedAt = new Map<string, string>();
    let position = 0;
    let balance = cycle.balance;
    for (const { request, index } of group) {
      const balanceBefore = balance;
      const outcomes = batch.outcomes.slice(position, position + request.events.length);
      const firstOccurredAt = new Map<string, Date>();
      let spent = 0;
      request.events.forEach((event, offset) => {
        const outcome = outcomes[offset] as SpendOutcome;
        if (outcome.status === "spent") {
          const occurredAt = new Date(event.occurredAt).toISOString();
          balance = outcome.balanceAfter;
          spent += outcome.credits;
          acceptedAt.set(outcome.eventId, occurredAt);
          entries.push([outcome.eventId, outcome.feature, outcome.credits, outcome.balanceAfter, occurredAt]);
        } else if (outcome.status === "duplicate") {
          const first = known.get(outcome.eventId)?.occurredAt ?? acceptedAt.get(outcome.eventId);
          if (first !== undefined) firstOccurredAt.set(outcome.eventId, new Date(first));
        }
      });
      position += request.events.length;
      decisions[index] = { kind: "decided", cycle: { ...cycle, balance }, outcomes, spent, firstOccurredAt };
      if (spent > 0) {
        const usedAfter = cycle.allocation - balance;
        for (const threshold of crossedThresholds({
          allocation: cycle.allocation,
          usedBefore: cycle.allocation - balanceBefore,
          usedAfter,
        })) {
          notices.push({
            organizationId,
            cycleStart: cycle.cycleStart,
            threshold,
            allocation: cycle.allocation,
            used: usedAfter,
          });
        }
      }
    }
    if (balance !== batch.balanceAfter) throw new Error("spend plan diverged from allocateBatch");
    if (batch.spent > 0) {
      planned.set(organizationId, batch.balanceAfter);
      spends.push({ organizationId, cycleStart: cycle.cycleStart, entries });
    }
  }

  return { decisions, spends, notices, planned };
}

/** Every debited balance is the one its plan computed (else the transaction must not commit). */
export function checkSpendBalances(plan: SpendPlan, balances: ReadonlyMap<string, number>): void {
  for (const [organizationId, balance] of plan.planned) {
    if (balances.get(organizationId) !== balance) {
      throw new Error(`the balance of ${organizationId} diverged from its spend plan`);
    }
  }
}
